package com.intelia.llm.chat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes data-only server-sent events. Events are only buffered until {@link #flush}: the
 * stream flushes once it has written every event already waiting, so a lone token goes
 * out at once and a burst of them costs one write to the socket, not one each. The end of
 * the stream and keep-alives flush themselves.
 */
final class SseWriter {

	private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);

	private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);

	private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

	private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

	private static final JsonStringEncoder ESCAPER = JsonStringEncoder.getInstance();

	private final OutputStream out;

	private final JsonMapper json;

	SseWriter(OutputStream out, JsonMapper json) {
		this.out = out;
		this.json = json;
	}

	void data(Object payload) throws IOException {
		this.out.write(DATA);
		this.out.write(this.json.writeValueAsBytes(payload));
		this.out.write(END);
	}

	/**
	 * A text chunk, written around the text's escaped bytes: the JSON Jackson writes for
	 * the chunk record, without building the record or walking it for each token.
	 */
	void text(ChunkFactory.TextTemplate template, String text) throws IOException {
		this.out.write(DATA);
		this.out.write(template.before());
		this.out.write(escaped(text));
		this.out.write(template.after());
		this.out.write(END);
	}

	/**
	 * The text's JSON-escaped UTF-8. A lone surrogate, which has no UTF-8 form, becomes
	 * {@code ?} as in any Java encoding, rather than failing the stream.
	 */
	private static byte[] escaped(String text) {
		try {
			return ESCAPER.quoteAsUTF8(text);
		}
		catch (IllegalArgumentException ex) {
			return ESCAPER.quoteAsUTF8(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
		}
	}

	/** One event whose data is already JSON. */
	void event(byte[] json) throws IOException {
		this.out.write(DATA);
		this.out.write(json);
		this.out.write(END);
	}

	/** Sends what was written so far. */
	void flush() throws IOException {
		this.out.flush();
	}

	void done() throws IOException {
		this.out.write(DONE);
		this.out.flush();
	}

	/**
	 * A comment line, ignored by SSE clients. Writing one while the upstream is silent is
	 * how a departed client is noticed: the write fails.
	 */
	void keepAlive() throws IOException {
		this.out.write(KEEP_ALIVE);
		this.out.flush();
	}

}
