package com.intelia.llm.eval;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A run: one prompt version over one evaluation set. Written as JSON so that a later run
 * can be compared with it, and as Markdown for people.
 *
 * @param prompt the prompt id
 * @param version the pinned version
 * @param model the alias called
 * @param upstreamModels the models the responses named
 * @param gateway the gateway's base URL
 * @param cases the evaluation set
 * @param startedAt when the run started (ISO-8601)
 * @param durationMillis how long it took
 * @param droppedVariables case variables the pinned version does not declare, with how
 * many cases gave them: they were not sent
 * @param total the number of cases run
 * @param answered how many got an answer from the pinned version
 * @param passed how many passed every check
 * @param categories the pass rate per category
 * @param results every case's outcome, in file order
 */
record EvalReport(String prompt, String version, String model,
		@JsonProperty("upstream_models") List<String> upstreamModels, String gateway, String cases,
		@JsonProperty("started_at") String startedAt, @JsonProperty("duration_ms") long durationMillis,
		@JsonProperty("dropped_variables") Map<String, Integer> droppedVariables, int total, int answered, int passed,
		List<CategoryScore> categories, List<CaseResult> results) {

	/**
	 * One category's score.
	 *
	 * @param category the category
	 * @param total its cases
	 * @param passed those that passed
	 */
	record CategoryScore(String category, int total, int passed) {

		@JsonProperty("pass_rate")
		double passRate() {
			return EvalReport.rate(this.passed, this.total);
		}

	}

	@JsonProperty("pass_rate")
	double passRate() {
		return rate(this.passed, this.total);
	}

	static List<CategoryScore> categories(List<CaseResult> results) {
		Map<String, int[]> counts = new TreeMap<>();
		for (CaseResult result : results) {
			int[] count = counts.computeIfAbsent(result.category(), (category) -> new int[2]);
			count[0]++;
			count[1] += result.passed() ? 1 : 0;
		}
		return counts.entrySet()
			.stream()
			.map((entry) -> new CategoryScore(entry.getKey(), entry.getValue()[0], entry.getValue()[1]))
			.toList();
	}

	static double rate(int passed, int total) {
		return (total == 0) ? 0 : (double) passed / total;
	}

}
