package com.intelia.llm.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's {@code chat.completion} object.
 *
 * @param id the completion id
 * @param object always {@code chat.completion}
 * @param created epoch seconds
 * @param model the alias the caller asked for
 * @param choices the single choice
 * @param usage token counts
 * @param systemFingerprint the upstream's fingerprint, when it gives one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices,
		@Nullable Usage usage, @JsonProperty("system_fingerprint") @Nullable String systemFingerprint) {

	/**
	 * One choice.
	 *
	 * @param index always 0
	 * @param message the answer
	 * @param logprobs always null: log probabilities are not carried
	 * @param finishReason why the answer ended
	 */
	public record Choice(int index, Message message, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Object logprobs,
			@JsonProperty("finish_reason") String finishReason) {
	}

	/**
	 * The assistant's message.
	 *
	 * @param role always {@code assistant}
	 * @param content the text, null when the answer is only tool calls
	 * @param refusal always null
	 * @param toolCalls the tool calls, if any
	 */
	public record Message(String role, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String content,
			@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String refusal,
			@JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls) {
	}

	/**
	 * A tool call.
	 *
	 * @param id the call id
	 * @param type always {@code function}
	 * @param function the function and its arguments
	 */
	public record ToolCall(String id, String type, FunctionCall function) {
	}

	/**
	 * A function call.
	 *
	 * @param name the function name
	 * @param arguments the arguments, as a JSON string
	 */
	public record FunctionCall(String name, String arguments) {
	}

}
