package com.intelia.llm.chat;

import org.jspecify.annotations.Nullable;

/**
 * Collects what one request did while it runs; {@link #finish} turns it into an
 * {@link Exchange}. Only the request's own thread touches it.
 */
final class ExchangeRecord {

	private final String requestId;

	private final @Nullable String caller;

	private final long startedNanos = System.nanoTime();

	private @Nullable String model;

	private @Nullable String provider;

	private @Nullable String promptId;

	private @Nullable String promptVersion;

	private boolean stream;

	private long upstreamNanos;

	private long firstTokenNanos = -1;

	private @Nullable Usage usage;

	private boolean clientDisconnected;

	ExchangeRecord(String requestId, @Nullable String caller) {
		this.requestId = requestId;
		this.caller = caller;
	}

	void model(String model) {
		this.model = model;
	}

	void provider(String provider) {
		this.provider = provider;
	}

	@Nullable String provider() {
		return this.provider;
	}

	void prompt(@Nullable String id, @Nullable String version) {
		this.promptId = id;
		this.promptVersion = version;
	}

	void stream(boolean stream) {
		this.stream = stream;
	}

	void upstreamNanos(long nanos) {
		this.upstreamNanos = nanos;
	}

	void firstToken() {
		this.firstTokenNanos = System.nanoTime() - this.startedNanos;
	}

	void usage(@Nullable Usage usage) {
		this.usage = usage;
	}

	void clientDisconnected() {
		this.clientDisconnected = true;
	}

	long startedNanos() {
		return this.startedNanos;
	}

	Exchange finish(int status, @Nullable String errorType) {
		return new Exchange(this.requestId, this.caller, this.model, this.provider, this.promptId, this.promptVersion,
				this.stream, status, errorType, System.nanoTime() - this.startedNanos, this.upstreamNanos,
				this.firstTokenNanos, this.usage, this.clientDisconnected);
	}

}
