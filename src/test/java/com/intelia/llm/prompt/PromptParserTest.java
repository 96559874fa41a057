package com.intelia.llm.prompt;

import java.util.Map;

import com.intelia.llm.prompt.PromptTemplate.Origin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptParserTest {

	private static PromptTemplate parse(String content) {
		return PromptParser.parse("farm", 3, Origin.PROMPTS_DIR, "/prompts/farm/v3.md", content);
	}

	@Test
	void reads_description_variables_and_changelog_from_the_front_matter() {
		PromptTemplate template = parse("""
				---
				description: Farm advice
				variables: {species: poulets, house: "1"}
				changelog:
				  - Shorter rules
				  - Adds houses
				---
				Advise on {{species}} in house {{house}}.
				""");

		assertThat(template.version()).isEqualTo("v3");
		assertThat(template.description()).isEqualTo("Farm advice");
		assertThat(template.changelog()).containsExactly("Shorter rules", "Adds houses");
		assertThat(template.variables()).containsExactly(new PromptVariable("species", "poulets", false),
				new PromptVariable("house", "1", false));
		assertThat(template.text()).isEqualTo("Advise on {{species}} in house {{house}}.");
	}

	@Test
	void reads_variables_written_as_an_indented_block_and_a_single_changelog_line() {
		PromptTemplate template = parse("""
				---
				variables:
				  species: dindes
				changelog: Turkeys only
				---
				{{species}}""");

		assertThat(template.variables()).containsExactly(new PromptVariable("species", "dindes", false));
		assertThat(template.changelog()).containsExactly("Turkeys only");
	}

	@Test
	void a_printed_variable_without_default_is_required_and_a_section_only_variable_is_not() {
		PromptTemplate template = parse("""
				---
				variables: {farm: ~}
				---
				Farm {{farm}}.{{#country}} Country {{country}}.{{/country}} Age {{age}}.""");

		assertThat(template.variables()).containsExactly(new PromptVariable("farm", null, true),
				new PromptVariable("country", null, false), new PromptVariable("age", null, true));
	}

	@Test
	void a_file_without_front_matter_is_all_template() {
		PromptTemplate template = parse("Only {{species}}.\n");

		assertThat(template.description()).isNull();
		assertThat(template.variables()).containsExactly(new PromptVariable("species", null, true));
	}

	@Test
	void renders_text_without_html_escaping() {
		PromptTemplate template = parse("---\nvariables: {x: \"l'eau & <b>\"}\n---\nValue: {{x}}");

		assertThat(template.render(Map.of(), "")).isEqualTo("Value: l'eau & <b>");
	}

	@Test
	void reports_invalid_yaml_with_the_file_and_its_line() {
		assertThatThrownBy(() -> parse("---\ndescription: [broken\nvariables: {}\n---\nbody"))
			.isInstanceOfSatisfying(PromptParseException.class, (ex) -> {
				assertThat(ex.location()).isEqualTo("/prompts/farm/v3.md");
				assertThat(ex.line()).as("where YAML noticed it").isEqualTo(3);
				assertThat(ex.problem()).contains("on line 2");
			});
	}

	@Test
	void reports_an_unknown_front_matter_key_on_its_line() {
		assertThatThrownBy(() -> parse("---\ndescription: ok\nvariable: {species: x}\n---\nbody"))
			.isInstanceOfSatisfying(PromptParseException.class, (ex) -> {
				assertThat(ex.line()).isEqualTo(3);
				assertThat(ex.getMessage()).contains("/prompts/farm/v3.md, line 3").contains("unknown key 'variable'");
			});
	}

	@Test
	void reports_a_changelog_entry_that_yaml_reads_as_a_map() {
		assertThatThrownBy(() -> parse("---\nchangelog:\n  - First version: rules\n---\nbody"))
			.isInstanceOfSatisfying(PromptParseException.class, (ex) -> assertThat(ex.line()).isEqualTo(3));
	}

	@Test
	void reports_an_unclosed_section_on_its_file_line() {
		assertThatThrownBy(() -> parse("---\ndescription: ok\n---\nline one\n{{#species}}\nline three\n"))
			.isInstanceOfSatisfying(PromptParseException.class, (ex) -> {
				assertThat(ex.line()).as("the line that opens the section").isEqualTo(5);
				assertThat(ex.getMessage()).contains("invalid template");
			});
	}

	@Test
	void rejects_an_unclosed_front_matter_an_empty_template_and_partials() {
		assertThatThrownBy(() -> parse("---\ndescription: ok\nbody")).hasMessageContaining("line 1")
			.hasMessageContaining("never closed");
		assertThatThrownBy(() -> parse("---\ndescription: ok\n---\n\n  \n")).hasMessageContaining("empty");
		assertThatThrownBy(() -> parse("Hello {{> other}}")).hasMessageContaining("partials");
	}

	@Test
	void rejects_dotted_variable_names() {
		assertThatThrownBy(() -> parse("first\n{{farm.name}}")).isInstanceOfSatisfying(PromptParseException.class,
				(ex) -> assertThat(ex.line()).isEqualTo(2));
	}

	@Test
	void a_condition_printed_outside_its_section_still_needs_a_value_when_rendered() {
		PromptTemplate template = parse("{{#farm}}Farm known.{{/farm}} Farm: {{farm}}");

		assertThatThrownBy(() -> template.render(Map.of(), "prompt.variables.")).isInstanceOfSatisfying(
				com.intelia.llm.error.ApiException.class,
				(ex) -> assertThat(ex.param()).isEqualTo("prompt.variables.farm"));
		assertThat(template.render(Map.of("farm", "Les Pins"), "")).isEqualTo("Farm known. Farm: Les Pins");
	}

}
