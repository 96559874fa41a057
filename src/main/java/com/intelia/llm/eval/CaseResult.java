package com.intelia.llm.eval;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One case's outcome.
 *
 * @param id the case id
 * @param category the case category
 * @param tags the mandatory kinds the case covers
 * @param language the expected language
 * @param status the HTTP status, 0 when no response arrived
 * @param promptVersion the version that answered ({@code X-Prompt-Version}), or null
 * @param answered whether the case got an answer from the pinned version: the mechanics
 * @param passed whether the answer passed every check
 * @param failures why it did not pass, the mechanics first
 * @param answer the answer text
 */
record CaseResult(String id, String category, List<String> tags, String language, int status,
		@JsonProperty("prompt_version") @Nullable String promptVersion, boolean answered, boolean passed,
		List<String> failures, String answer) {

	static CaseResult of(EvalCase testCase, String pinned, Answer answer) {
		List<String> failures;
		boolean answered = answer.status() == 200 && answer.error() == null && pinned.equals(answer.promptVersion());
		if (answer.status() != 200 || answer.error() != null) {
			failures = List.of("no answer: HTTP " + answer.status() + ", " + answer.error());
		}
		else if (!answered) {
			failures = List.of("answered by version " + answer.promptVersion() + ", not the pinned " + pinned);
		}
		else {
			failures = Scorer.failures(testCase, answer.content());
		}
		return new CaseResult(testCase.id(), testCase.category(), testCase.tags(), testCase.language(), answer.status(),
				answer.promptVersion(), answered, answered && failures.isEmpty(), failures, answer.content());
	}

}
