package com.intelia.llm.provider.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.langchain4j.http.client.sse.DefaultServerSentEventParsingHandle;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import dev.langchain4j.http.client.sse.ServerSentEventListenerUtils;
import com.intelia.llm.provider.ReadBatch;
import org.jspecify.annotations.Nullable;

/**
 * Reads server-sent events straight from the response's bytes, with the same results as
 * LangChain4j's {@code DefaultServerSentEventParser}: lines end with LF, CR or CRLF; a
 * blank line dispatches the event if it has data; {@code event:} names it, trimmed;
 * {@code data:} lines lose one leading space and join with LF; other fields and comments
 * are ignored; a last event without its blank line is still dispatched; a cancel through
 * the context's handle stops the reading; a read failure goes to {@code onError}. Before
 * each read it tells the thread's {@link ReadBatch} that every event read so far was
 * handed on, so a relay can send them in one write.
 * <p>
 * Why not LangChain4j's own: it wraps every stream in a {@code BufferedReader} over an
 * {@code InputStreamReader}, 16 KiB of chars and 8 KiB of bytes held by every stream in
 * flight for its whole life, on top of the connection's own 4 KiB buffer. With a thousand
 * streams open that was a fifth of their live heap (docs/performance.md). This reader
 * holds 512 bytes to read into and a line buffer that grows only as long as the longest
 * line, and decodes only the data it hands on.
 */
final class SseReader implements ServerSentEventParser {

	static final SseReader INSTANCE = new SseReader();

	private static final int READ_BYTES = 512;

	private static final int LINE_BYTES = 256;

	/** A line buffer that grew past this is let go once its event is dispatched. */
	private static final int KEEP_LINE_BYTES = 8192;

	private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);

	private SseReader() {
	}

	@Override
	public void parse(InputStream body, ServerSentEventListener listener) {
		ServerSentEventParsingHandle handle = new DefaultServerSentEventParsingHandle(body);
		new Session(new ServerSentEventContext(handle), listener).read(body, handle);
	}

	/** The state of one stream's parsing. */
	private static final class Session {

		private final ServerSentEventContext context;

		private final ServerSentEventListener listener;

		private byte[] line = new byte[LINE_BYTES];

		private int length;

		private @Nullable String event;

		/** The data of the event so far: one line, or several joined. */
		private @Nullable String data;

		private @Nullable StringBuilder lines;

		Session(ServerSentEventContext context, ServerSentEventListener listener) {
			this.context = context;
			this.listener = listener;
		}

		void read(InputStream body, ServerSentEventParsingHandle handle) {
			byte[] buffer = new byte[READ_BYTES];
			boolean afterCr = false;
			ReadBatch batch = ReadBatch.open();
			try (body) {
				while (!handle.isCancelled()) {
					// Whoever relays the events may send them now: the read may wait.
					batch.waiting();
					int read = body.read(buffer);
					if (read == -1) {
						break;
					}
					afterCr = lines(buffer, read, afterCr, handle);
				}
				if (!handle.isCancelled()) {
					if (this.length > 0) {
						endOfLine();
					}
					dispatch();
				}
			}
			catch (IOException ex) {
				ServerSentEventListenerUtils.ignoringExceptions(() -> this.listener.onError(ex));
			}
			finally {
				batch.close();
			}
		}

		/**
		 * Ends a line at each LF, CR or CRLF in what was read, and keeps the bytes
		 * between them, copied a run at a time rather than byte by byte (a few percent of
		 * the relay's CPU). A cancel is looked for after each line ends, since that is
		 * when an event is handed on; one from another thread stops the reading at the
		 * next line end or read.
		 * @param afterCr whether the previous read ended with a CR, so that an LF first
		 * here completes a CRLF
		 * @return whether this read ended with a CR
		 */
		private boolean lines(byte[] buffer, int read, boolean afterCr, ServerSentEventParsingHandle handle) {
			int from = 0;
			for (int i = 0; i < read; i++) {
				byte b = buffer[i];
				if (b != '\n' && b != '\r') {
					continue;
				}
				boolean crlf = b == '\n' && ((i > 0) ? buffer[i - 1] == '\r' : afterCr);
				if (!crlf) {
					append(buffer, from, i - from);
					endOfLine();
					if (handle.isCancelled()) {
						return false;
					}
				}
				from = i + 1;
			}
			append(buffer, from, read - from);
			return (read > 0) ? buffer[read - 1] == '\r' : afterCr;
		}

		private void append(byte[] bytes, int from, int count) {
			if (count == 0) {
				return;
			}
			if (this.length + count > this.line.length) {
				this.line = Arrays.copyOf(this.line, Math.max(this.line.length * 2, this.length + count));
			}
			System.arraycopy(bytes, from, this.line, this.length, count);
			this.length += count;
		}

		private void endOfLine() {
			if (this.length == 0) {
				dispatch();
			}
			else if (startsWith(DATA)) {
				int from = DATA.length;
				if (from < this.length && this.line[from] == ' ') {
					from++;
				}
				addData(new String(this.line, from, this.length - from, StandardCharsets.UTF_8));
			}
			else if (startsWith(EVENT)) {
				this.event = new String(this.line, EVENT.length, this.length - EVENT.length, StandardCharsets.UTF_8)
					.trim();
			}
			this.length = 0;
		}

		private void addData(String content) {
			if (!hasData()) {
				this.data = content;
				return;
			}
			if (this.lines == null) {
				this.lines = new StringBuilder();
			}
			if (this.lines.isEmpty()) {
				this.lines.append(this.data);
			}
			this.lines.append('\n').append(content);
		}

		private boolean hasData() {
			return (this.lines != null && !this.lines.isEmpty()) || (this.data != null && !this.data.isEmpty());
		}

		/** Hands on the event if it has data, and starts the next one. */
		private void dispatch() {
			if (hasData()) {
				String joined = (this.lines != null && !this.lines.isEmpty()) ? this.lines.toString() : this.data;
				ServerSentEvent sse = new ServerSentEvent(this.event, joined);
				ServerSentEventListenerUtils.ignoringExceptions(() -> this.listener.onEvent(sse, this.context));
				this.event = null;
			}
			this.data = null;
			if (this.lines != null) {
				this.lines.setLength(0);
			}
			if (this.line.length > KEEP_LINE_BYTES) {
				this.line = new byte[LINE_BYTES];
			}
		}

		private boolean startsWith(byte[] prefix) {
			if (this.length < prefix.length) {
				return false;
			}
			for (int i = 0; i < prefix.length; i++) {
				if (this.line[i] != prefix[i]) {
					return false;
				}
			}
			return true;
		}

	}

}
