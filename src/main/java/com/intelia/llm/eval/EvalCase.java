package com.intelia.llm.eval;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One line of an evaluation set.
 *
 * @param id a unique name, stable across versions so that runs can be compared
 * @param category what the case exercises (urgent, medicines, context...), for the
 * per-category pass rates
 * @param tags the mandatory kinds it covers (hpai-alert-criteria, injection...)
 * @param language the language the answer must be in: {@code fr} or {@code en}
 * @param variables the prompt variables (species, audience, country...); those the pinned
 * version does not declare are left out and counted in the report
 * @param context what ai-service would send as leading system messages ("Context: ...")
 * @param messages the conversation, ending with the user's question
 * @param mustContain regular expressions the answer must all match (case-insensitive)
 * @param mustNotContain regular expressions the answer must not match, on top of the
 * safety rules every case gets
 * @param maxQuestions the most clarifying questions the answer may ask (3 when absent)
 */
record EvalCase(String id, String category, @Nullable List<String> tags, String language,
		@Nullable Map<String, String> variables,
		@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @Nullable List<String> context,
		@Nullable List<Message> messages, @JsonProperty("must_contain") @Nullable List<String> mustContain,
		@JsonProperty("must_not_contain") @Nullable List<String> mustNotContain,
		@JsonProperty("max_questions") @Nullable Integer maxQuestions) {

	/** The most clarifying questions any answer may ask. */
	static final int QUESTION_LIMIT = 3;

	EvalCase {
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		// In file order, so requests and reports show them as the prompt engineer wrote
		// them.
		variables = (variables != null)
				? java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables)) : Map.of();
		context = (context != null) ? List.copyOf(context) : List.of();
		messages = (messages != null) ? List.copyOf(messages) : List.of();
		mustContain = (mustContain != null) ? List.copyOf(mustContain) : List.of();
		mustNotContain = (mustNotContain != null) ? List.copyOf(mustNotContain) : List.of();
		maxQuestions = (maxQuestions != null) ? maxQuestions : QUESTION_LIMIT;
	}

	/**
	 * One message of the conversation.
	 *
	 * @param role {@code user}, {@code assistant} or {@code system}
	 * @param content its text
	 */
	record Message(String role, String content) {
	}

}
