package com.intelia.llm.provider.openai;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.intelia.llm.provider.UpstreamHttpException;
import com.intelia.llm.provider.UpstreamStreamException;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import org.jspecify.annotations.Nullable;

/**
 * One streamed exchange, read on its own virtual thread. It ends the listener exactly
 * once: {@code onClose} only after {@code [DONE]}, {@code onError} for an error status,
 * an error event, a broken connection or a stream cut short, and nothing at all once
 * cancelled, so the errors a cancel provokes never reach the caller.
 */
final class UpstreamStream {

	private final CompletableFuture<HttpResponse<InputStream>> exchange;

	private final ServerSentEventParser parser;

	private final ServerSentEventListener listener;

	private final Thread reader;

	private volatile boolean cancelled;

	private volatile @Nullable InputStream body;

	UpstreamStream(CompletableFuture<HttpResponse<InputStream>> exchange, ServerSentEventParser parser,
			ServerSentEventListener listener) {
		this.exchange = exchange;
		this.parser = parser;
		this.listener = listener;
		this.reader = Thread.ofVirtual().name("upstream-stream").unstarted(this::read);
	}

	void start() {
		this.reader.start();
	}

	/**
	 * Aborts the exchange wherever it is: before the headers the JDK drops the
	 * connection; after them, closing the body closes the HTTP/1.1 connection, which is
	 * what makes vLLM stop generating. The interrupt wakes a reader blocked on the body.
	 */
	void cancel() {
		this.cancelled = true;
		this.exchange.cancel(true);
		closeQuietly(this.body);
		this.reader.interrupt();
	}

	private void read() {
		try {
			HttpResponse<InputStream> response = this.exchange.get();
			this.body = response.body();
			if (this.cancelled) {
				return;
			}
			if (!UpstreamHttpClient.successful(response.statusCode())) {
				fail(new UpstreamHttpException(response.statusCode(), readAll(response.body()),
						UpstreamHttpClient.headers(response)));
				return;
			}
			this.listener.onOpen(SuccessfulHttpResponse.builder()
				.statusCode(response.statusCode())
				.headers(UpstreamHttpClient.headers(response))
				.build());
			StreamGuard guard = new StreamGuard(this.listener);
			this.parser.parse(response.body(), guard);
			finish(guard);
		}
		catch (InterruptedException | CancellationException ex) {
			// Only a cancel interrupts this thread or cancels the exchange: nothing to
			// report.
		}
		catch (ExecutionException ex) {
			fail(UpstreamHttpClient.unchecked(ex.getCause()));
		}
		catch (IOException | RuntimeException ex) {
			fail(ex);
		}
		finally {
			closeQuietly(this.body);
		}
	}

	private void finish(StreamGuard guard) {
		if (this.cancelled || guard.stopped()) {
			return;
		}
		Throwable broken = guard.readFailure();
		if (broken != null) {
			fail(new UpstreamStreamException("the connection broke before [DONE] (" + broken + ")"));
		}
		else if (!guard.sawDone()) {
			fail(new UpstreamStreamException("the upstream ended the stream without [DONE]"));
		}
		else {
			this.listener.onClose();
		}
	}

	private void fail(Throwable failure) {
		if (!this.cancelled) {
			this.listener.onError(failure);
		}
	}

	private static String readAll(InputStream body) throws IOException {
		try (body) {
			return new String(body.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static void closeQuietly(@Nullable InputStream stream) {
		if (stream == null) {
			return;
		}
		try {
			stream.close();
		}
		catch (IOException | RuntimeException ignored) {
			// The connection is going away either way.
		}
	}

}
