package com.intelia.llm.chat;

import dev.langchain4j.model.chat.response.ChatResponse;

import java.time.Instant;
import java.util.List;

import com.intelia.llm.chat.ChatCompletionChunk.Delta;
import com.intelia.llm.chat.ChatCompletionChunk.FunctionDelta;
import com.intelia.llm.chat.ChatCompletionChunk.ToolCallDelta;
import org.jspecify.annotations.Nullable;

/**
 * Builds the chunks of one stream, all sharing its id, creation time and model alias.
 */
final class ChunkFactory {

	private final String id = ResponseMapper.newId();

	private final long created = Instant.now().getEpochSecond();

	private final String model;

	ChunkFactory(String model) {
		this.model = model;
	}

	ChatCompletionChunk role() {
		return chunk(new Delta("assistant", "", null), null);
	}

	ChatCompletionChunk text(String text) {
		return chunk(new Delta(null, text, null), null);
	}

	ChatCompletionChunk toolCall(int index, @Nullable String id, @Nullable String name, String arguments) {
		ToolCallDelta delta = new ToolCallDelta(index, id, (id != null) ? "function" : null,
				new FunctionDelta(name, arguments));
		return chunk(new Delta(null, null, List.of(delta)), null);
	}

	ChatCompletionChunk finish(String finishReason) {
		return chunk(new Delta(null, null, null), finishReason);
	}

	ChatCompletionChunk usage(Usage usage) {
		return new ChatCompletionChunk(this.id, "chat.completion.chunk", this.created, this.model, List.of(), usage);
	}

	/**
	 * The whole stream as one completion with the stream's own id, the one callers rate
	 * their answer by.
	 */
	ChatCompletion joined(ChatResponse response) {
		ChatCompletion completion = ResponseMapper.completion(response, this.model);
		return new ChatCompletion(this.id, completion.object(), this.created, this.model, completion.choices(),
				completion.usage(), completion.systemFingerprint());
	}

	private ChatCompletionChunk chunk(Delta delta, @Nullable String finishReason) {
		return new ChatCompletionChunk(this.id, "chat.completion.chunk", this.created, this.model,
				List.of(new ChatCompletionChunk.Choice(0, delta, null, finishReason)), null);
	}

}
