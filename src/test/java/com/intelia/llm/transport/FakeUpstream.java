package com.intelia.llm.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tiny HTTP/1.1 upstream on a raw socket, for what WireMock cannot show: when the
 * gateway closes a connection, the exact request line, and hundreds of slow streams held
 * open at once. Each connection runs on a virtual thread and is answered by the current
 * {@link Script}; responses are delimited by closing the connection.
 */
final class FakeUpstream implements AutoCloseable {

	/** How the fake answers one request. */
	@FunctionalInterface
	interface Script {

		void answer(Exchange exchange) throws Exception;

	}

	private final ServerSocket server;

	private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

	private volatile Script script = (exchange) -> exchange.respond(404, "{}");

	/** A started fake, for static fields. */
	static FakeUpstream start() {
		try {
			return new FakeUpstream();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** A started fake on a given port: an upstream that comes back where it was. */
	static FakeUpstream start(int port) {
		try {
			return new FakeUpstream(port);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	FakeUpstream() throws IOException {
		this(0);
	}

	private FakeUpstream(int port) throws IOException {
		this.server = new ServerSocket();
		this.server.setReuseAddress(true);
		this.server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
		Thread.ofVirtual().name("fake-upstream-accept").start(this::accept);
	}

	String url() {
		return "http://127.0.0.1:" + port();
	}

	int port() {
		return this.server.getLocalPort();
	}

	void script(Script script) {
		this.exchanges.clear();
		this.script = script;
	}

	Script script() {
		return this.script;
	}

	List<Exchange> exchanges() {
		return this.exchanges;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				Thread.ofVirtual().name("fake-upstream-conn").start(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			Exchange exchange = Exchange.read(socket);
			this.exchanges.add(exchange);
			exchange.watchForClose();
			this.script.answer(exchange);
		}
		catch (Exception ex) {
			// The gateway left: that is what several tests provoke.
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

	/** One request and its connection. */
	static final class Exchange {

		final String requestLine;

		final Map<String, String> headers;

		final String body;

		private final Socket socket;

		private final OutputStream out;

		private final CountDownLatch closedByPeer = new CountDownLatch(1);

		private volatile long closedAtNanos;

		private Exchange(Socket socket, String requestLine, Map<String, String> headers, String body)
				throws IOException {
			this.socket = socket;
			this.requestLine = requestLine;
			this.headers = headers;
			this.body = body;
			this.out = socket.getOutputStream();
		}

		static Exchange read(Socket socket) throws IOException {
			InputStream in = socket.getInputStream();
			String head = readHead(in);
			String[] lines = head.split("\r\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
			String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
			return new Exchange(socket, lines[0], headers, body);
		}

		private static String readHead(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int matched = 0;
			int b;
			while (matched < 4 && (b = in.read()) != -1) {
				head.write(b);
				matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
			}
			return head.toString(StandardCharsets.ISO_8859_1).strip();
		}

		/**
		 * The gateway sends nothing more on this connection while we answer, so a read
		 * that ends means it closed the connection.
		 */
		void watchForClose() {
			Thread.ofVirtual().name("fake-upstream-watch").start(() -> {
				try {
					while (this.socket.getInputStream().read() != -1) {
						// Nothing is expected; keep waiting for the end.
					}
				}
				catch (IOException ex) {
					// A reset is a close too.
				}
				this.closedAtNanos = System.nanoTime();
				this.closedByPeer.countDown();
			});
		}

		/** Waits until the gateway closes the connection; returns when it did. */
		long awaitClosedByPeer(long timeout, TimeUnit unit) throws InterruptedException {
			return this.closedByPeer.await(timeout, unit) ? this.closedAtNanos : -1;
		}

		boolean closedByPeer() {
			return this.closedByPeer.getCount() == 0;
		}

		void respond(int status, String json) throws IOException {
			byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
			write("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
					+ "\r\nConnection: close\r\n\r\n");
			this.out.write(bytes);
			this.out.flush();
		}

		void startStream() throws IOException {
			write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
		}

		/** A stream in chunked encoding, so that closing mid-chunk is a broken body. */
		void startChunkedStream() throws IOException {
			write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
		}

		void chunkedEvent(String data) throws IOException {
			byte[] event = ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
			write(Integer.toHexString(event.length) + "\r\n");
			this.out.write(event);
			write("\r\n");
		}

		/** Resets the connection (RST) without answering. */
		void reset() throws IOException {
			this.socket.setSoLinger(true, 0);
			this.socket.close();
		}

		/** Ends the connection in the middle of a chunk. */
		void drop() throws IOException {
			write("400\r\ndata: {\"trunc");
			this.socket.close();
		}

		void event(String data) throws IOException {
			write("data: " + data + "\n\n");
		}

		void write(String raw) throws IOException {
			this.out.write(raw.getBytes(StandardCharsets.UTF_8));
			this.out.flush();
		}

		/**
		 * The upstream taking its time (thinking, or pacing its tokens): part of the
		 * scenario the test plays, not the test waiting for something.
		 */
		void takeTime(long millis) {
			java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
		}

		/** Holds the connection open without a word, until the gateway leaves. */
		void hang(long seconds) throws InterruptedException {
			this.closedByPeer.await(seconds, TimeUnit.SECONDS);
		}

	}

}
