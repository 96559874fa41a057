package com.intelia.llm.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's {@code chat.completion.chunk}: one event of a stream.
 *
 * @param id the stream's id, the same in every chunk
 * @param object always {@code chat.completion.chunk}
 * @param created epoch seconds, the same in every chunk
 * @param model the alias the caller asked for
 * @param choices one choice, or none in the final usage chunk
 * @param usage token counts, only in the final usage chunk
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
		@Nullable Usage usage) {

	/**
	 * One choice of a chunk.
	 *
	 * @param index always 0
	 * @param delta what this chunk adds
	 * @param logprobs always null
	 * @param finishReason null until the last content chunk
	 */
	public record Choice(int index, Delta delta, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Object logprobs,
			@JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String finishReason) {
	}

	/**
	 * What a chunk adds to the message.
	 *
	 * @param role {@code assistant} in the first chunk only
	 * @param content a piece of text
	 * @param toolCalls pieces of tool calls
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Delta(@Nullable String role, @Nullable String content,
			@JsonProperty("tool_calls") @Nullable List<ToolCallDelta> toolCalls) {
	}

	/**
	 * A piece of a tool call: the first piece of each call carries its id, type and name.
	 *
	 * @param index which call this piece belongs to
	 * @param id the call id, first piece only
	 * @param type {@code function}, first piece only
	 * @param function the name (first piece) and a piece of the arguments
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ToolCallDelta(int index, @Nullable String id, @Nullable String type, FunctionDelta function) {
	}

	/**
	 * A piece of a function call.
	 *
	 * @param name the function name, first piece only
	 * @param arguments a piece of the JSON arguments
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record FunctionDelta(@Nullable String name, @Nullable String arguments) {
	}

}
