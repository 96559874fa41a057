package com.intelia.llm.chat;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Token counts, as the upstream reported them; the total is always their sum.
 *
 * @param promptTokens tokens in the prompt
 * @param completionTokens tokens in the answer
 * @param totalTokens their sum
 */
public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
		@JsonProperty("completion_tokens") int completionTokens, @JsonProperty("total_tokens") int totalTokens) {

	/** Usage from two counts, the total being their sum. */
	public static Usage of(int prompt, int completion) {
		return new Usage(prompt, completion, prompt + completion);
	}

}
