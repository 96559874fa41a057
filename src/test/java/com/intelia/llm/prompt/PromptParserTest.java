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

	@Test
	void an_enumerated_variable_lists_its_values_and_opens_only_the_section_of_the_chosen_one() {
		PromptTemplate template = parse(
				"""
						---
						variables:
						  species:
						    values: [broiler, layer]
						---
						Core.
						{{#species.broiler}}Broilers.{{/species.broiler}}{{#species.layer}}Layers.{{/species.layer}}{{^species}}General.{{/species}}
						""");

		assertThat(template.variables())
			.containsExactly(new PromptVariable("species", null, false, java.util.List.of("broiler", "layer")));
		assertThat(template.render(Map.of("species", "broiler"), "")).isEqualTo("Core.\nBroilers.");
		assertThat(template.render(Map.of("species", "layer"), "")).isEqualTo("Core.\nLayers.");
		assertThat(template.render(Map.of(), "")).isEqualTo("Core.\nGeneral.");
		assertThat(template.render(Map.of("species", ""), "")).as("empty means unset").isEqualTo("Core.\nGeneral.");
	}

	@Test
	void an_enumerated_variable_prints_its_value_and_may_have_a_default() {
		PromptTemplate template = parse("""
				---
				variables:
				  audience: {default: farmer, values: [farmer, vet]}
				---
				For a {{audience}}.{{#audience.vet}} Sampling.{{/audience.vet}}""");

		assertThat(template.render(Map.of(), "")).isEqualTo("For a farmer.");
		assertThat(template.render(Map.of("audience", "vet"), "")).isEqualTo("For a vet. Sampling.");
	}

	@Test
	void a_value_the_enumeration_does_not_allow_is_a_400_listing_the_allowed_ones() {
		PromptTemplate template = parse("---\nvariables: {species: {values: [broiler, layer]}}\n---\nX");

		assertThatThrownBy(() -> template.render(Map.of("species", "Broiler"), "variables."))
			.isInstanceOfSatisfying(com.intelia.llm.error.ApiException.class, (ex) -> {
				assertThat(ex.param()).isEqualTo("variables.species");
				assertThat(ex.code()).isEqualTo("invalid_value");
				assertThat(ex.getMessage()).contains("broiler, layer").doesNotContain("Broiler,");
			});
	}

	@Test
	void a_section_naming_a_value_that_is_not_declared_is_reported_on_its_line() {
		assertThatThrownBy(() -> parse("""
				---
				variables: {species: {values: [broiler, layer]}}
				---
				Core.
				{{#species.broilers}}typo{{/species.broilers}}""")).isInstanceOfSatisfying(PromptParseException.class,
				(ex) -> {
					assertThat(ex.line()).isEqualTo(5);
					assertThat(ex.problem()).contains("'broilers' is not one of the values of 'species'");
				});
		assertThatThrownBy(() -> parse("---\nvariables: {farm: x}\n---\n{{#farm.big}}y{{/farm.big}}"))
			.isInstanceOfSatisfying(PromptParseException.class,
					(ex) -> assertThat(ex.problem()).contains("declared with values"));
		assertThatThrownBy(() -> parse("---\nvariables: {species: {values: [broiler]}}\n---\n{{species.broiler}}"))
			.isInstanceOfSatisfying(PromptParseException.class,
					(ex) -> assertThat(ex.problem()).contains("can only open a section"));
	}

	@Test
	void reports_enumerations_the_front_matter_gets_wrong() {
		assertThatThrownBy(() -> parse("---\nvariables:\n  species:\n    values: broiler\n---\nX"))
			.hasMessageContaining("line 4")
			.hasMessageContaining("non-empty list");
		assertThatThrownBy(() -> parse("---\nvariables: {species: {values: [Broiler]}}\n---\nX"))
			.hasMessageContaining("lower-case word");
		assertThatThrownBy(() -> parse("---\nvariables: {species: {values: [duck, duck]}}\n---\nX"))
			.hasMessageContaining("listed twice");
		assertThatThrownBy(() -> parse("---\nvariables: {species: {default: goose, values: [duck]}}\n---\nX"))
			.hasMessageContaining("not one of its values");
		assertThatThrownBy(() -> parse("---\nvariables: {species: {value: [duck]}}\n---\nX"))
			.hasMessageContaining("unknown key 'value'");
	}

}
