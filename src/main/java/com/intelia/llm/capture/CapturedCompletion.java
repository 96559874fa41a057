package com.intelia.llm.capture;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One successful chat completion, as the capture stores it.
 *
 * @param completionId the response's {@code id}, such as {@code chatcmpl-…}; feedback
 * names it
 * @param createdAt when the answer was given
 * @param keyName the API key's name (never the key), or null when keys are off
 * @param alias the model alias the caller named
 * @param upstream the provider that served it ({@code vllm}, a named upstream…)
 * @param upstreamModel the model name sent upstream
 * @param promptId the domain prompt's id, or null
 * @param promptVersion the domain prompt's version, or null
 * @param sentSystemPrompt the leading system message actually sent upstream (the domain
 * prompt merged with the caller's own leading system content), or null when no domain
 * prompt was used
 * @param messagesJson the caller's {@code messages} array exactly as sent (OpenAI JSON)
 * @param toolsJson the caller's {@code tools} array, or null
 * @param answerJson the final assistant message as OpenAI JSON
 * ({@code {"role":"assistant","content":…,"tool_calls":[…]}}), a stream joined into one
 * @param finishReason the {@code finish_reason}, or null
 * @param promptTokens prompt tokens from the usage, or null
 * @param completionTokens completion tokens from the usage, or null
 * @param timeToFirstTokenMillis time to the first token of a stream; -1 for a blocking
 * answer
 * @param durationMillis time from arrival to the last byte
 */
public record CapturedCompletion(String completionId, Instant createdAt, @Nullable String keyName, String alias,
		String upstream, String upstreamModel, @Nullable String promptId, @Nullable String promptVersion,
		@Nullable String sentSystemPrompt, String messagesJson, @Nullable String toolsJson, String answerJson,
		@Nullable String finishReason, @Nullable Integer promptTokens, @Nullable Integer completionTokens,
		long timeToFirstTokenMillis, long durationMillis) {

	/** Identifies the completion without any of its text: the text is the caller's. */
	@Override
	public String toString() {
		return "CapturedCompletion[completionId=" + this.completionId + ", createdAt=" + this.createdAt + ", keyName="
				+ this.keyName + ", alias=" + this.alias + ", upstream=" + this.upstream + ", upstreamModel="
				+ this.upstreamModel + ", promptId=" + this.promptId + ", promptVersion=" + this.promptVersion
				+ ", finishReason=" + this.finishReason + ", promptTokens=" + this.promptTokens + ", completionTokens="
				+ this.completionTokens + ", timeToFirstTokenMillis=" + this.timeToFirstTokenMillis
				+ ", durationMillis=" + this.durationMillis + "]";
	}

	/** The text size, which bounds the queue's memory. */
	long chars() {
		return length(this.sentSystemPrompt) + this.messagesJson.length() + length(this.toolsJson)
				+ this.answerJson.length();
	}

	private static long length(@Nullable String text) {
		return (text != null) ? text.length() : 0;
	}

}
