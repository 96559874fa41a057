package com.intelia.llm.prompt;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BundledPromptsTest {

	private final List<PromptTemplate> bundled = BundledPrompts.load();

	@Test
	void every_bundled_prompt_renders_with_its_defaults() {
		assertThat(this.bundled).isNotEmpty();
		for (PromptTemplate template : this.bundled) {
			String name = template.id() + " " + template.version();
			assertThat(template.variables()).as(name).noneMatch(PromptVariable::required);
			String rendered = template.render(Map.of(), "prompt.variables.");
			assertThat(rendered).as(name).isNotBlank().doesNotContain("{{").doesNotContain("}}");
			assertThat(template.description()).as(name).isNotBlank();
			assertThat(template.changelog()).as(name).isNotEmpty();
		}
	}

	@Test
	void aviculture_has_v1_v2_and_v3_each_saying_what_changed() {
		assertThat(this.bundled).filteredOn((template) -> template.id().equals("aviculture"))
			.extracting(PromptTemplate::version)
			.containsExactlyInAnyOrder("v1", "v2", "v3");
		assertThat(find("aviculture", 2).changelog()).hasSizeGreaterThanOrEqualTo(3);
		assertThat(find("aviculture", 3).changelog()).hasSizeGreaterThanOrEqualTo(12);
	}

	@Test
	void files_beside_the_versions_are_not_read_as_versions() {
		assertThat(getClass().getResource("/prompts/aviculture/eval.jsonl")).as("the evaluation set is bundled")
			.isNotNull();
		assertThat(this.bundled).extracting(PromptTemplate::version).containsOnly("v1", "v2", "v3");
	}

	@Test
	void every_aviculture_version_sets_the_rules_the_product_promises() {
		for (int number : new int[] { 1, 2, 3 }) {
			String text = find("aviculture", number).render(Map.of(), "");
			assertThat(text).as("v" + number)
				.contains("language of the user's last message", "French", "metric", "veterinarian", "Never give doses",
						"prescri", "Context:", "say what is missing", "strain", "notifiable");
		}
	}

	@Test
	void aviculture_v1_and_v2_cover_every_topic_in_one_text() {
		for (int number : new int[] { 1, 2 }) {
			String text = find("aviculture", number).render(Map.of(), "");
			assertThat(text).as("v" + number)
				.contains("broiler", "layer", "breeder", "turkey", "hatchery", "Mortality", "Brooding", "ventilation",
						"Water", "feed", "Lighting", "Litter", "Biosecurity", "FCR", "EPEF", "Uniformity");
		}
	}

	@Test
	void aviculture_v2_asks_for_the_country_unless_it_is_given() {
		PromptTemplate v2 = find("aviculture", 2);

		assertThat(v2.render(Map.of(), "")).contains("Country: unknown").doesNotContain("farms in");
		assertThat(v2.render(Map.of("country", "France"), "")).contains("the user farms in France")
			.doesNotContain("Country: unknown");
		assertThat(v2.render(Map.of("species", "dindes"), "")).contains("who work with dindes.");
	}

	private PromptTemplate find(String id, int number) {
		return this.bundled.stream()
			.filter((template) -> template.id().equals(id) && template.number() == number)
			.findFirst()
			.orElseThrow();
	}

}
