package com.intelia.llm.chat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes data-only server-sent events and flushes each one as it is written, so a token
 * reaches the client when it arrives rather than when a buffer fills.
 */
final class SseWriter {

	private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);

	private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);

	private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

	private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

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
		this.out.flush();
	}

	/** One event whose data is already JSON. */
	void event(byte[] json) throws IOException {
		this.out.write(DATA);
		this.out.write(json);
		this.out.write(END);
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
