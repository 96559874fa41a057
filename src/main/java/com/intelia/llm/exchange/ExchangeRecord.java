package com.intelia.llm.exchange;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The one record of a chat request. The outermost layer opens it when the request
 * arrives; the layers it passes through fill it in; whichever layer is about to send the
 * last bytes of the answer (or of an error) completes it, which publishes it to the
 * listeners exactly once. Completing before the last bytes go out means a client that
 * reads {@code /metrics} right after its answer sees its own request counted.
 * <p>
 * The fields are written by the request's own thread; completion may race a second
 * layer's, and only the first wins.
 */
public final class ExchangeRecord {

	private static final String ATTRIBUTE = ExchangeRecord.class.getName();

	private final String requestId;

	private final Supplier<@Nullable String> caller;

	private final List<ExchangeListener> listeners;

	private final long startedNanos;

	private final AtomicBoolean completed = new AtomicBoolean();

	private @Nullable String model;

	private @Nullable String provider;

	private @Nullable String promptId;

	private @Nullable String promptVersion;

	private boolean stream;

	private long upstreamNanos;

	private long firstTokenNanos = -1;

	private @Nullable Tokens tokens;

	private boolean clientDisconnected;

	private @Nullable Consumer<Boolean> onStream;

	/**
	 * A record that publishes to {@code listeners}.
	 * @param requestId the request id
	 * @param caller the caller's key name, read when the record completes (access control
	 * names the caller after the record is opened)
	 * @param listeners who is told when it completes
	 * @param startedNanos when the request arrived, by {@link System#nanoTime()}
	 */
	public ExchangeRecord(String requestId, Supplier<@Nullable String> caller, List<ExchangeListener> listeners,
			long startedNanos) {
		this.requestId = requestId;
		this.caller = caller;
		this.listeners = listeners;
		this.startedNanos = startedNanos;
	}

	/** Opens the record of a request and attaches it to the request. */
	public static ExchangeRecord open(ServletRequest request, String requestId, Supplier<@Nullable String> caller,
			List<ExchangeListener> listeners) {
		ExchangeRecord record = new ExchangeRecord(requestId, caller, listeners, System.nanoTime());
		request.setAttribute(ATTRIBUTE, record);
		return record;
	}

	/**
	 * The record of a request, or a detached one that tells nobody when the request is
	 * not a watched chat request.
	 */
	public static ExchangeRecord of(ServletRequest request) {
		Object record = request.getAttribute(ATTRIBUTE);
		return (record instanceof ExchangeRecord open) ? open
				: new ExchangeRecord("unrecorded", () -> null, List.of(), System.nanoTime());
	}

	public ExchangeRecord model(String model) {
		this.model = model;
		return this;
	}

	public ExchangeRecord provider(String provider) {
		this.provider = provider;
		return this;
	}

	public @Nullable String provider() {
		return this.provider;
	}

	public ExchangeRecord prompt(@Nullable String id, @Nullable String version) {
		this.promptId = id;
		this.promptVersion = version;
		return this;
	}

	/** Records whether the request is a stream, and tells whoever asked to know. */
	public ExchangeRecord stream(boolean stream) {
		this.stream = stream;
		if (this.onStream != null) {
			this.onStream.accept(stream);
		}
		return this;
	}

	/**
	 * Asks to be told, on the request's thread, once the body shows whether the request
	 * is a stream: admission reserves heap before the body is read, for the dearer case.
	 */
	public void onStream(Consumer<Boolean> listener) {
		this.onStream = listener;
	}

	public ExchangeRecord upstreamNanos(long nanos) {
		this.upstreamNanos = nanos;
		return this;
	}

	/** Marks the first token as arrived now. */
	public ExchangeRecord firstToken() {
		this.firstTokenNanos = System.nanoTime() - this.startedNanos;
		return this;
	}

	public ExchangeRecord tokens(@Nullable Tokens tokens) {
		this.tokens = tokens;
		return this;
	}

	public ExchangeRecord clientDisconnected() {
		this.clientDisconnected = true;
		return this;
	}

	/** Time from arrival to the first token of a stream, or -1. */
	public long timeToFirstTokenNanos() {
		return this.firstTokenNanos;
	}

	/** When the request arrived, by {@link System#nanoTime()}. */
	public long startedNanos() {
		return this.startedNanos;
	}

	/** Whether the record was already completed. */
	public boolean completed() {
		return this.completed.get();
	}

	/**
	 * Completes the record and tells the listeners, once: later calls do nothing.
	 * @param status the HTTP status sent (200 for a stream that started)
	 * @param errorType the bounded error class, or null
	 * @return whether this call completed it
	 */
	public boolean complete(int status, @Nullable String errorType) {
		if (!this.completed.compareAndSet(false, true)) {
			return false;
		}
		Exchange exchange = new Exchange(this.requestId, this.caller.get(), this.model, this.provider, this.promptId,
				this.promptVersion, this.stream, status, errorType, System.nanoTime() - this.startedNanos,
				this.upstreamNanos, this.firstTokenNanos, this.tokens, this.clientDisconnected);
		for (ExchangeListener listener : this.listeners) {
			try {
				listener.onExchange(exchange);
			}
			catch (RuntimeException ignored) {
				// Observability must never fail a request.
			}
		}
		return true;
	}

}
