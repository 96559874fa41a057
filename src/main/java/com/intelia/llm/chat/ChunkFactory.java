package com.intelia.llm.chat;

import dev.langchain4j.model.chat.response.ChatResponse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.intelia.llm.chat.ChatCompletionChunk.Delta;
import com.intelia.llm.chat.ChatCompletionChunk.FunctionDelta;
import com.intelia.llm.chat.ChatCompletionChunk.ToolCallDelta;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the chunks of one stream, all sharing its id, creation time and model alias.
 */
final class ChunkFactory {

	private static final String MARK = "intelia-text-7c1e5b";

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

	/**
	 * The JSON of this stream's text chunks, cut where the text goes: Jackson writes one
	 * chunk around a marker, so the layout is always the record's.
	 */
	TextTemplate textTemplate(JsonMapper json) {
		byte[] whole = json.writeValueAsBytes(text(MARK));
		byte[] mark = ("\"" + MARK + "\"").getBytes(StandardCharsets.UTF_8);
		int at = lastIndexOf(whole, mark);
		if (at < 0) {
			throw new IllegalStateException("The text chunk's JSON does not hold its text");
		}
		return new TextTemplate(Arrays.copyOfRange(whole, 0, at + 1),
				Arrays.copyOfRange(whole, at + mark.length - 1, whole.length));
	}

	private static int lastIndexOf(byte[] bytes, byte[] part) {
		for (int at = bytes.length - part.length; at >= 0; at--) {
			if (Arrays.equals(bytes, at, at + part.length, part, 0, part.length)) {
				return at;
			}
		}
		return -1;
	}

	/**
	 * A text chunk's JSON before and after its escaped text, quotes included.
	 *
	 * @param before up to the opening quote of the content
	 * @param after from the closing quote of the content
	 */
	record TextTemplate(byte[] before, byte[] after) {
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
