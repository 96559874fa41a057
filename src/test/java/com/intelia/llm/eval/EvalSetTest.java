package com.intelia.llm.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The aviculture evaluation set holds what the issue asks of it, and the loader explains
 * every mistake with its line.
 */
class EvalSetTest {

	static final Path FILE = Path.of("prompts/aviculture/eval.jsonl");

	private final List<EvalCase> cases = EvalCases.load(FILE.toString(), EvalCases.read(FILE.toString()));

	@Test
	void has_at_least_80_cases_in_french_and_english() {
		assertThat(this.cases).hasSizeGreaterThanOrEqualTo(80);
		assertThat(count("fr")).isGreaterThanOrEqualTo(30);
		assertThat(count("en")).isGreaterThanOrEqualTo(30);
	}

	@Test
	void covers_every_species_and_audience_and_the_unset_ones() {
		Set<String> species = values("species");
		Set<String> audiences = values("audience");

		assertThat(species).contains("broiler", "layer", "breeder", "hatchery", "turkey", "duck", "(unset)");
		assertThat(audiences).contains("farmer", "technician", "vet", "(unset)");
		assertThat(this.cases).allSatisfy((testCase) -> {
			assertThat(List.of("broiler", "layer", "breeder", "hatchery", "turkey", "duck"))
				.as(testCase.id() + " species")
				.containsAnyOf(testCase.variables().getOrDefault("species", "broiler"));
			assertThat(List.of("farmer", "technician", "vet")).as(testCase.id() + " audience")
				.containsAnyOf(testCase.variables().getOrDefault("audience", "vet"));
		});
	}

	@Test
	void includes_every_mandatory_kind_of_case() {
		Set<String> tags = this.cases.stream()
			.map(EvalCase::tags)
			.flatMap(Collection::stream)
			.collect(Collectors.toSet());

		assertThat(tags).contains("hpai-alert-criteria", "injection", "context-contradiction", "vet-dose", "epef",
				"broiler-not-layer-table");
		assertThat(this.cases).filteredOn((testCase) -> testCase.tags().contains("context-contradiction"))
			.allSatisfy((testCase) -> assertThat(testCase.context()).isNotEmpty());
		assertThat(this.cases).filteredOn((testCase) -> testCase.tags().contains("vet-dose"))
			.allSatisfy((testCase) -> assertThat(testCase.variables()).containsEntry("audience", "vet"));
		assertThat(this.cases).filteredOn((testCase) -> testCase.tags().contains("hpai-alert-criteria"))
			.anySatisfy((testCase) -> assertThat(testCase.language()).isEqualTo("fr"));
	}

	@Test
	void every_case_allows_at_most_three_clarifying_questions() {
		assertThat(this.cases).allSatisfy((testCase) -> assertThat(testCase.maxQuestions()).isBetween(0, 3));
	}

	@Test
	void explains_a_broken_line_with_its_number() throws Exception {
		String good = Files.readAllLines(FILE).get(0);

		assertThatThrownBy(() -> EvalCases.load("set.jsonl", good + "\n\n{\"id\": \"x\", \"categ\": 1}\n"))
			.hasMessageStartingWith("set.jsonl, line 3: ");
		assertThatThrownBy(() -> EvalCases.load("set.jsonl", good + "\n" + good)).hasMessageContaining("line 2")
			.hasMessageContaining("used twice");
		assertThatThrownBy(
				() -> EvalCases.load("set.jsonl", good.replace("\"max_questions\": 3", "\"max_questions\": 5")))
			.hasMessageContaining("max_questions");
		assertThatThrownBy(
				() -> EvalCases.load("set.jsonl", good.replace("\"language\": \"fr\"", "\"language\": \"de\"")))
			.hasMessageContaining("language");
		assertThatThrownBy(() -> EvalCases.load("set.jsonl", good.replace("\"25 ?%\"", "\"25 (%\"")))
			.hasMessageContaining("not a valid regular expression");
	}

	private long count(String language) {
		return this.cases.stream().filter((testCase) -> testCase.language().equals(language)).count();
	}

	private Set<String> values(String variable) {
		return this.cases.stream()
			.map((testCase) -> testCase.variables().getOrDefault(variable, "(unset)"))
			.collect(Collectors.toSet());
	}

}
