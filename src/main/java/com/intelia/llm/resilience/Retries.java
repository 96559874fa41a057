package com.intelia.llm.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * Retries of one request before its first byte, with Resilience4j: exponential backoff
 * with jitter, or the wait the upstream asked for ({@code Retry-After}), within the
 * request's deadline; and, around them, the wait for a model that is loading, which does
 * not use up {@code LLM_MAX_RETRIES}.
 * <p>
 * The configuration is built per request because the deadline is: Resilience4j can stop
 * on a predicate, but its intervals know nothing of a deadline or of an upstream's own
 * hint, so those two are read from the failure here.
 */
final class Retries {

	/** The longest look between two polls of a loading model: its estimate is a guess. */
	private static final long MAX_COLD_START_POLL_MILLIS = 5_000;

	private static final long DEFAULT_COLD_START_POLL_MILLIS = 2_000;

	private final ResilienceProperties properties;

	private final IntervalFunction backoff;

	Retries(ResilienceProperties properties) {
		this.properties = properties;
		this.backoff = IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(properties.initialBackoffMillis()),
				2.0, 0.5,
				Duration.ofMillis(Math.max(properties.initialBackoffMillis(), properties.maxBackoffMillis())));
	}

	/** Runs the attempt, retrying what the upstream's failures allow. */
	<T> T run(String upstream, long deadlineNanos, CheckedSupplier<T> attempt) throws Throwable {
		Retry ordinary = Retry.of(upstream,
				RetryConfig.<T>custom()
					.maxAttempts(this.properties.maxRetries() + 1)
					.retryOnException((failure) -> retryable(RetryDecision.of(failure), deadlineNanos))
					.intervalBiFunction((attempts, outcome) -> wait(attempts, failure(outcome), deadlineNanos))
					.failAfterMaxAttempts(false)
					.build());
		Retry coldStarts = Retry.of(upstream,
				RetryConfig.<T>custom()
					.maxAttempts(Integer.MAX_VALUE)
					.retryOnException((failure) -> RetryDecision.of(failure).coldStart()
							&& coldStartPoll(failure) < remainingMillis(deadlineNanos))
					.intervalBiFunction((attempts, outcome) -> coldStartPoll(failure(outcome)))
					.failAfterMaxAttempts(false)
					.build());
		return Retry.decorateCheckedSupplier(coldStarts, Retry.decorateCheckedSupplier(ordinary, attempt)).get();
	}

	private boolean retryable(RetryDecision decision, long deadlineNanos) {
		if (!decision.retryable() || decision.coldStart()) {
			return false;
		}
		Duration hint = decision.hint();
		if (hint != null && hint.toSeconds() > this.properties.maxRetryAfterSeconds()) {
			return false;
		}
		long least = (hint != null) ? hint.toMillis() : this.properties.initialBackoffMillis() / 2;
		return least < remainingMillis(deadlineNanos);
	}

	/**
	 * The upstream's own wait when it gave one, else the backoff; never past the
	 * deadline, where the next attempt would only time out.
	 */
	private long wait(int attempts, Throwable failure, long deadlineNanos) {
		Duration hint = RetryDecision.of(failure).hint();
		long wait = (hint != null) ? hint.toMillis() : this.backoff.apply(attempts);
		return Math.max(1, Math.min(wait, remainingMillis(deadlineNanos)));
	}

	private static long coldStartPoll(Throwable failure) {
		Duration hint = RetryDecision.of(failure).hint();
		long wait = (hint != null) ? hint.toMillis() : DEFAULT_COLD_START_POLL_MILLIS;
		return Math.max(1, Math.min(wait, MAX_COLD_START_POLL_MILLIS));
	}

	private static Throwable failure(Either<Throwable, ?> outcome) {
		return outcome.isLeft() ? outcome.getLeft() : new IllegalStateException("retried on a result");
	}

	private static long remainingMillis(long deadlineNanos) {
		return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
	}

}
