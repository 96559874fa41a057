package com.intelia.llm.provider.http;

import java.io.IOException;

import com.intelia.llm.provider.UpstreamStreamException;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.jspecify.annotations.Nullable;

/**
 * One streamed exchange, sent and read on its own virtual thread. It ends the listener
 * exactly once: {@code onClose} only after {@code [DONE]}, {@code onError} for an error
 * status, an error event, a broken connection or a stream cut short, and nothing at all
 * once cancelled, so the errors a cancel provokes never reach the caller.
 */
final class UpstreamStream {

	private final UpstreamHttpClient owner;

	private final CloseableHttpClient client;

	private final HttpUriRequestBase request;

	private final ServerSentEventParser parser;

	private final ServerSentEventListener listener;

	private final Thread reader;

	private volatile boolean cancelled;

	/** Set once the listener has been told how the stream ended. */
	private boolean ended;

	UpstreamStream(UpstreamHttpClient owner, CloseableHttpClient client, HttpUriRequestBase request,
			ServerSentEventParser parser, ServerSentEventListener listener) {
		this.owner = owner;
		this.client = client;
		this.request = request;
		this.parser = parser;
		this.listener = listener;
		this.reader = Thread.ofVirtual().name("upstream-stream").unstarted(this::read);
	}

	void start() {
		this.reader.start();
	}

	/**
	 * Aborts the exchange wherever it is: waiting for a connection, for headers or for
	 * the next event. After the headers, aborting closes the HTTP/1.1 connection, which
	 * is what makes vLLM stop generating.
	 */
	void cancel() {
		this.cancelled = true;
		this.request.cancel();
		// The reader cancels itself when the relay it calls ends the stream (a failure, a
		// client gone): it is not waiting then, and an interrupt would close the client's
		// channel it goes on to write the stream's end to.
		if (Thread.currentThread() != this.reader) {
			this.reader.interrupt();
		}
	}

	private void read() {
		try (ClassicHttpResponse response = this.client.executeOpen(null, this.request, null)) {
			if (this.cancelled) {
				return;
			}
			if (!UpstreamHttpClient.successful(response.getCode())) {
				fail(this.owner.error(response.getCode(), UpstreamHttpClient.body(response.getEntity()),
						UpstreamHttpClient.headers(response)));
				return;
			}
			this.listener.onOpen(SuccessfulHttpResponse.builder()
				.statusCode(response.getCode())
				.headers(UpstreamHttpClient.headers(response))
				.build());
			StreamGuard guard = new StreamGuard(this.listener);
			if (response.getEntity() != null) {
				this.parser.parse(response.getEntity().getContent(), guard);
			}
			finish(guard);
		}
		catch (IOException | RuntimeException ex) {
			fail(ex);
		}
	}

	private void finish(StreamGuard guard) {
		if (this.cancelled || guard.stopped()) {
			// The guard already reported an error event, or LangChain4j stopped reading.
			this.ended = true;
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
			this.ended = true;
			this.listener.onClose();
		}
	}

	/**
	 * Reports a failure, unless the stream was cancelled or has already ended: closing
	 * the response after the end may still fail, and must not report a second ending.
	 */
	private void fail(@Nullable Throwable failure) {
		if (!this.cancelled && !this.ended && failure != null) {
			this.ended = true;
			this.listener.onError(UpstreamHttpClient.unchecked(failure));
		}
	}

}
