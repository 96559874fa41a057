package com.intelia.llm.provider.http;

import java.util.Objects;

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

	/** The one event shell this stream hands on, refilled for each event. */
	private final Relayed relayed = new Relayed();

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
		this.relayed.fill(event.event(), event.data());
		try {
			this.delegate.onEvent(this.relayed, context);
		}
		finally {
			this.relayed.release();
		}
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

	/**
	 * An event handed to LangChain4j that lets go of its text once LangChain4j has read
	 * it. LangChain4j 1.19's OpenAI model keeps every event of a stream until the stream
	 * ends, for a response metadata field ({@code rawServerSentEvents}) the gateway never
	 * reads: about 200 bytes of event text per token, held to the end of the stream, so
	 * 20 KiB for a 100-token answer and 400 KiB for a 2,000-token one, times the streams
	 * in flight (docs/performance.md). LangChain4j reads the event only while it is being
	 * handed on, so after that the kept copy is an empty shell, and a stream needs only
	 * one: LangChain4j's list then holds the same empty shell once per event, not a shell
	 * of its own each (32 bytes an event, 64 KiB for a 2,000-token answer).
	 */
	static final class Relayed extends ServerSentEvent {

		private @Nullable String name;

		private String data = "";

		Relayed() {
			super(null, null);
		}

		void fill(@Nullable String name, String data) {
			this.name = name;
			this.data = data;
		}

		@Override
		public @Nullable String event() {
			return this.name;
		}

		@Override
		public String data() {
			return this.data;
		}

		void release() {
			this.name = null;
			this.data = "";
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Relayed relayed && Objects.equals(this.name, relayed.name)
					&& this.data.equals(relayed.data);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.name, this.data);
		}

		@Override
		public String toString() {
			return "ServerSentEvent { event = " + this.name + ", " + this.data.length() + " chars of data }";
		}

	}

}
