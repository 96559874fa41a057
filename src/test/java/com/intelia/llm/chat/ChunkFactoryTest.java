package com.intelia.llm.chat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A text chunk written around the stream's template must be byte for byte the event
 * Jackson writes for the chunk record, whatever the text.
 */
class ChunkFactoryTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "", " mot", "Bonjour, éleveur !", "quote \" and \\ backslash", "line\nbreak\r\ttab",
			"\u0000\u0001\u001f control", "🐔 poussins 🥚", "\u2028\u2029 separators", "</script> & <b>",
			"intelia-text-7c1e5b", "\"intelia-text-7c1e5b\"", "a\ud83dz lone surrogate", "end \ud83d" })
	void aTextChunkIsTheRecordsJson(String text) throws IOException {
		for (String model : new String[] { "intelia-poultry", "intelia-text-7c1e5b", "odd \"model\" é" }) {
			ChunkFactory chunks = new ChunkFactory(model);
			assertThat(new String(written(chunks, text), StandardCharsets.UTF_8))
				.isEqualTo("data: " + JSON.writeValueAsString(chunks.text(wellFormed(text))) + "\n\n");
		}
	}

	/** The text itself, or with a lone surrogate replaced by {@code ?}. */
	private static String wellFormed(String text) {
		return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
	}

	private static byte[] written(ChunkFactory chunks, String text) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		SseWriter writer = new SseWriter(out, JSON);
		writer.text(chunks.textTemplate(JSON), text);
		writer.flush();
		return out.toByteArray();
	}

}
