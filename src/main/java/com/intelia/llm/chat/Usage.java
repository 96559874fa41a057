package com.intelia.llm.chat;

import com.intelia.llm.exchange.Tokens;
import org.jspecify.annotations.Nullable;

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

	/** The counts as the exchange record keeps them, or null without usage. */
	static @Nullable Tokens tokens(@Nullable Usage usage) {
		return (usage != null) ? new Tokens(usage.promptTokens(), usage.completionTokens()) : null;
	}

}
