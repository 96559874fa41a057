package com.intelia.llm.access;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.intelia.llm.error.Causes;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when Redis cannot be used for the budgets: the request is served without
 * its budget (fail open), which is counted in {@code llm_rate_limit_fail_open_total},
 * logged at most once a minute, and kept for {@code /health}. After a call that timed out
 * or failed, Redis is left alone for a second, so a hung server costs one request per
 * second the timeout instead of every request.
 */
final class RedisFailOpen {

	private static final Logger log = LoggerFactory.getLogger(RedisFailOpen.class);

	static final String METRIC = "llm.rate.limit.fail.open";

	private static final long LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	private static final long BACKOFF_NANOS = Duration.ofSeconds(1).toNanos();

	private final Map<Operation, Map<Reason, Counter>> counters = new EnumMap<>(Operation.class);

	private final LongSupplier nanoTime;

	private final AtomicLong total = new AtomicLong();

	private final AtomicLong unlogged = new AtomicLong();

	private final AtomicLong nextLogNanos;

	private volatile long backoffUntilNanos;

	private volatile boolean failing;

	private volatile boolean failureLogged;

	private volatile @Nullable Failure last;

	RedisFailOpen(MeterRegistry registry) {
		this(registry, System::nanoTime);
	}

	RedisFailOpen(MeterRegistry registry, LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		this.nextLogNanos = new AtomicLong(nanoTime.getAsLong());
		for (Operation operation : Operation.values()) {
			Map<Reason, Counter> byReason = new EnumMap<>(Reason.class);
			for (Reason reason : Reason.values()) {
				byReason.put(reason, Counter.builder(METRIC)
					.description("Chat requests admitted, or token debits dropped, without the shared per-key budget "
							+ "because Redis could not be used")
					.tags("operation", operation.tag(), "reason", reason.tag())
					.register(registry));
			}
			this.counters.put(operation, byReason);
		}
	}

	/** Whether Redis failed less than a second ago, so it is not asked now. */
	boolean backingOff() {
		return this.nanoTime.getAsLong() - this.backoffUntilNanos < 0;
	}

	/**
	 * A call to Redis failed: backs off, then counts the request as served without
	 * budget.
	 * @param connected whether the connection is still up after the failure
	 */
	void failed(Operation operation, Throwable failure, boolean connected) {
		this.backoffUntilNanos = this.nanoTime.getAsLong() + BACKOFF_NANOS;
		servedWithoutBudget(operation, reasonOf(failure, connected), failure);
	}

	/**
	 * Counts a request served without its budget, and reports it at most once a minute.
	 */
	void servedWithoutBudget(Operation operation, Reason reason, @Nullable Throwable failure) {
		this.counters.get(operation).get(reason).increment();
		this.total.incrementAndGet();
		this.unlogged.incrementAndGet();
		this.failing = true;
		Failure now = new Failure(reason, (failure != null) ? describe(failure) : null, Instant.now());
		if (reason != Reason.BACKOFF) {
			// A skipped call says nothing new about Redis; keep what the last real one
			// found.
			this.last = now;
		}
		long next = this.nextLogNanos.get();
		if (this.nanoTime.getAsLong() - next >= 0
				&& this.nextLogNanos.compareAndSet(next, this.nanoTime.getAsLong() + LOG_INTERVAL_NANOS)) {
			this.failureLogged = true;
			log.warn(
					"Redis cannot be used for per-key budgets ({}); requests are served without them "
							+ "({} since the last report; next report in a minute at the earliest).",
					now.what(), this.unlogged.getAndSet(0));
		}
	}

	/** A call to Redis answered: budgets are enforced again. */
	void succeeded() {
		if (this.failing) {
			this.failing = false;
			if (this.failureLogged) {
				this.failureLogged = false;
				log.info("Redis answers again; per-key budgets are enforced again.");
			}
		}
	}

	/** Whether the last use of Redis succeeded, so budgets are enforced. */
	boolean limiting() {
		return !this.failing;
	}

	/** Requests and debits served without budget since start. */
	long total() {
		return this.total.get();
	}

	@Nullable Failure last() {
		return this.last;
	}

	private static Reason reasonOf(Throwable failure, boolean connected) {
		if (Causes.has(failure, io.github.bucket4j.TimeoutException.class)
				|| Causes.has(failure, RedisCommandTimeoutException.class)
				|| Causes.has(failure, java.util.concurrent.TimeoutException.class)) {
			return Reason.TIMEOUT;
		}
		// Lettuce refuses commands on a lost connection with a plain RedisException, so
		// the connection's state tells that case apart from an error Redis answered.
		if (!connected || Causes.has(failure, RedisConnectionException.class)
				|| Causes.has(failure, IOException.class)) {
			return Reason.UNAVAILABLE;
		}
		return Reason.ERROR;
	}

	private static String describe(Throwable failure) {
		Throwable root = Causes.root(failure);
		String message = (root.getMessage() != null) ? ": " + root.getMessage() : "";
		String text = root.getClass().getSimpleName() + message;
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

	/** What Redis was used for. */
	enum Operation {

		/** Admitting a request. */
		ADMIT,
		/** Debiting an answer's tokens. */
		DEBIT;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** Why Redis could not be used. */
	enum Reason {

		/** Not connected, or the connection failed. */
		UNAVAILABLE,
		/** No answer within {@code LLM_REDIS_TIMEOUT_MS}. */
		TIMEOUT,
		/** Redis answered with an error. */
		ERROR,
		/** Not asked: it failed less than a second ago. */
		BACKOFF;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * The last time a request was served without its budget.
	 *
	 * @param reason why
	 * @param cause the failure's type and message, if there was one
	 * @param at when
	 */
	record Failure(Reason reason, @Nullable String cause, Instant at) {

		String what() {
			return this.reason.tag() + ((this.cause != null) ? ", " + this.cause : "");
		}

	}

}
