package com.intelia.llm.access;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO HTTP/1.1 connector with a small response buffer. Tomcat sizes each
 * response's output buffers (8 KiB of bytes and 8 Ki chars for a writer) from
 * {@link #getDesiredBufferSize()}, and every request in flight or waiting holds them. The
 * gateway writes its answers itself, in one piece or one flushed event at a time, and
 * never through a writer, so 2 KiB is plenty; a larger answer is written past the buffer.
 * Measured: about 20 KiB less per request (docs/performance.md).
 * <p>
 * {@code LeanHttp11NioProtocolTest} fails if Tomcat stops asking.
 */
public class LeanHttp11NioProtocol extends Http11NioProtocol {

	/** The response buffer, in bytes. */
	static final int RESPONSE_BUFFER_BYTES = 2048;

	@Override
	public int getDesiredBufferSize() {
		return RESPONSE_BUFFER_BYTES;
	}

}
