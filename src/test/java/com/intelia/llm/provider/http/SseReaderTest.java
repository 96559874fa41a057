package com.intelia.llm.provider.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.intelia.llm.provider.ReadBatch;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lean reader must see exactly the events LangChain4j's own parser sees, whatever the
 * line endings, the fields, the characters, and however the bytes are cut into reads.
 */
class SseReaderTest {

	private static final String[] PIECES = { "data: ", "data:", "event: ", "event:", "id: 7", ": keep-alive",
			"retry: 9", "{\"choices\":[{\"delta\":{\"content\":\"", "poussin ", "é", "🐔", "\"}}]}", "[DONE]", " ",
			"  x  ", "\t", "error", "données", "a".repeat(300), "b".repeat(700) };

	private static final String[] ENDS = { "\n", "\r", "\r\n", "\n\n", "\r\n\r\n", "\r\r" };

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 7, 64, 511, 512, 513, 4096 })
	void readsTheSameEventsAsLangChain4jWhateverTheReadSizes(int readSize) {
		Random random = new Random(readSize);
		for (int round = 0; round < 300; round++) {
			StringBuilder text = new StringBuilder();
			int lines = random.nextInt(12);
			for (int line = 0; line < lines; line++) {
				int pieces = random.nextInt(4);
				for (int piece = 0; piece < pieces; piece++) {
					text.append(PIECES[random.nextInt(PIECES.length)]);
				}
				text.append(ENDS[random.nextInt(ENDS.length)]);
			}
			if (random.nextBoolean()) {
				text.append("data: the last event has no blank line");
			}
			byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
			assertThat(events(SseReader.INSTANCE, bytes, readSize))
				.as("events of %s", text.toString().replace("\r", "\\r").replace("\n", "\\n"))
				.isEqualTo(events(new DefaultServerSentEventParser(), bytes, 8192));
		}
	}

	@Test
	void aTypicalStreamGivesItsEventsInOrder() {
		String stream = "data: {\"a\":1}\n\n: keep-alive\n\nevent: error\ndata: {\"error\":\"x\"}\n\ndata: one\ndata: two\n\n"
				+ "data: [DONE]\n\n";
		assertThat(events(SseReader.INSTANCE, stream.getBytes(StandardCharsets.UTF_8), 5)).containsExactly(
				new ServerSentEvent(null, "{\"a\":1}"), new ServerSentEvent("error", "{\"error\":\"x\"}"),
				new ServerSentEvent(null, "one\ntwo"), new ServerSentEvent(null, "[DONE]"));
	}

	@Test
	void aCancelThroughTheHandleStopsTheReading() {
		byte[] stream = "data: 1\n\ndata: 2\n\ndata: 3\n\n".getBytes(StandardCharsets.UTF_8);
		Seen seen = new Seen(true);
		SseReader.INSTANCE.parse(new ByteArrayInputStream(stream), seen);
		assertThat(seen.log).containsExactly("1");
	}

	@Test
	void aReadFailureGoesToOnErrorAfterTheEventsBeforeIt() {
		InputStream failing = new InputStream() {
			private final InputStream first = new ByteArrayInputStream(
					"data: 1\n\ndata: half".getBytes(StandardCharsets.UTF_8));

			@Override
			public int read() throws IOException {
				int b = this.first.read();
				if (b < 0) {
					throw new IOException("connection reset");
				}
				return b;
			}
		};
		Seen seen = new Seen(false);
		SseReader.INSTANCE.parse(failing, seen);
		assertThat(seen.log).containsExactly("1", "error: java.io.IOException: connection reset");
	}

	private static List<ServerSentEvent> events(ServerSentEventParser parser, byte[] bytes, int readSize) {
		Seen seen = new Seen(false);
		parser.parse(new Trickle(bytes, readSize), seen);
		assertThat(seen.errors).isEmpty();
		return seen.events;
	}

	/**
	 * A relay sends what it wrote when the reader is about to wait for bytes: once for
	 * the events that came in one read, once for a lone event, always before the read.
	 */
	@Test
	void theBatchIsToldBeforeEachReadOnceItsEventsAreHandedOn() {
		List<String> trace = new ArrayList<>();
		List<ReadBatch> batches = new ArrayList<>();
		Iterator<String> reads = List.of("data: 1\n\ndata: 2\n\ndata: 3\n\n", "data: 4\n\n").iterator();
		InputStream network = new InputStream() {
			@Override
			public int read() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int read(byte[] into, int offset, int length) {
				trace.add("read");
				if (!reads.hasNext()) {
					return -1;
				}
				byte[] bytes = reads.next().getBytes(StandardCharsets.UTF_8);
				System.arraycopy(bytes, 0, into, offset, bytes.length);
				return bytes.length;
			}
		};
		SseReader.INSTANCE.parse(network, new Seen(false) {
			@Override
			public void onEvent(ServerSentEvent event) {
				trace.add(event.data());
				batches.add(ReadBatch.current());
				ReadBatch.current().beforeWait(() -> trace.add("send"));
			}
		});

		assertThat(trace).containsExactly("read", "1", "2", "3", "send", "read", "4", "send", "read");
		assertThat(ReadBatch.current()).as("no batch left open on the reading thread").isNull();
		// An event handed on after the reading stopped (LangChain4j completes on close)
		// is sent at once.
		batches.get(0).beforeWait(() -> trace.add("late"));
		assertThat(trace).last().isEqualTo("late");
	}

	/**
	 * Writes down what a parser hands on: the events, and in order their data and any
	 * error; optionally cancels through the handle at the first event.
	 */
	private static class Seen implements ServerSentEventListener {

		final List<ServerSentEvent> events = new ArrayList<>();

		final List<String> log = new ArrayList<>();

		final List<Throwable> errors = new ArrayList<>();

		private final boolean cancel;

		Seen(boolean cancel) {
			this.cancel = cancel;
		}

		@Override
		public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
			onEvent(event);
			if (this.cancel) {
				context.parsingHandle().cancel();
			}
		}

		@Override
		public void onEvent(ServerSentEvent event) {
			this.events.add(event);
			this.log.add(event.data());
		}

		@Override
		public void onError(Throwable error) {
			this.errors.add(error);
			this.log.add("error: " + error);
		}

	}

	/** Hands out at most so many bytes per read, as a network does. */
	private static final class Trickle extends InputStream {

		private final ByteArrayInputStream bytes;

		private final int readSize;

		Trickle(byte[] bytes, int readSize) {
			this.bytes = new ByteArrayInputStream(bytes);
			this.readSize = readSize;
		}

		@Override
		public int read() {
			return this.bytes.read();
		}

		@Override
		public int read(byte[] into, int offset, int length) {
			return this.bytes.read(into, offset, Math.min(length, this.readSize));
		}

	}

}
