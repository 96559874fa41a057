package com.intelia.llm.provider.http;

import com.intelia.llm.provider.UpstreamStreamException;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import org.jspecify.annotations.Nullable;

/**
 * Stands between the SSE parser and LangChain4j's listener. LangChain4j reports a
 * {@code data: {"error": …}} event as an empty chunk and a cut-off stream as a complete
 * answer; this guard turns the first into an error at once and records what
 * {@link UpstreamStream} needs to judge the end: whether {@code [DONE]} came, and whether
 * the read failed.
 */
final class StreamGuard implements ServerSentEventListener {

	private final ServerSentEventListener delegate;

	private boolean done;

	private boolean stopped;

	private @Nullable Throwable readFailure;

	private @Nullable ServerSentEventParsingHandle handle;

	StreamGuard(ServerSentEventListener delegate) {
		this.delegate = delegate;
	}

	@Override
	public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
		this.handle = context.parsingHandle();
		if (this.stopped || this.done) {
			return;
		}
		if ("[DONE]".equals(event.data().strip())) {
			this.done = true;
			return;
		}
		String error = StreamErrors.message(event);
		if (error != null) {
			this.stopped = true;
			this.delegate.onError(new UpstreamStreamException(error));
			context.parsingHandle().cancel();
			return;
		}
		this.delegate.onEvent(event, context);
	}

	@Override
	public void onEvent(ServerSentEvent event) {
		throw new UnsupportedOperationException("The parser must pass a context");
	}

	@Override
	public void onError(Throwable failure) {
		this.readFailure = failure;
	}

	boolean sawDone() {
		return this.done;
	}

	/**
	 * Whether the stream already ended: an error event was delivered, or LangChain4j's
	 * own handle cancelled the parsing.
	 */
	boolean stopped() {
		return this.stopped || (this.handle != null && this.handle.isCancelled());
	}

	@Nullable Throwable readFailure() {
		return this.readFailure;
	}

}
