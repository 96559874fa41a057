package com.intelia.llm.access;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.jspecify.annotations.Nullable;

/**
 * One caller's per-minute budgets: requests, taken when a request arrives, and tokens,
 * debited after the answer from its actual usage. The token bucket may go into debt (one
 * answer can cost more than what was left); the caller then waits until it refills.
 * Refill is greedy, so a full budget also bounds a burst. The buckets live in this
 * replica's memory or, shared by every replica, in Redis ({@link RedisBudgetStore}); the
 * arithmetic here is the same for both.
 */
final class Budget {

	private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

	private final long requestsPerMinute;

	private final long tokensPerMinute;

	private final @Nullable Bucket requests;

	private final @Nullable Bucket tokens;

	/**
	 * A budget on the given buckets.
	 * @param requests the request bucket, null when requests are not limited
	 * @param tokens the token bucket, null when tokens are not limited
	 */
	Budget(long requestsPerMinute, long tokensPerMinute, @Nullable Bucket requests, @Nullable Bucket tokens) {
		this.requestsPerMinute = requestsPerMinute;
		this.tokensPerMinute = tokensPerMinute;
		this.requests = requests;
		this.tokens = tokens;
	}

	/** A budget in this replica's memory. */
	static Budget inMemory(long requestsPerMinute, long tokensPerMinute) {
		return new Budget(requestsPerMinute, tokensPerMinute, localBucket(requestsPerMinute),
				localBucket(tokensPerMinute));
	}

	/**
	 * The limit of one budget: a minute's worth of capacity, refilled continuously; null
	 * when the budget is off.
	 */
	static @Nullable Bandwidth perMinute(long perMinute) {
		if (perMinute <= 0) {
			return null;
		}
		return Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build();
	}

	/** The token window, without taking anything; null when tokens are not limited. */
	@Nullable Window tokens() {
		if (this.tokens == null) {
			return null;
		}
		long available = this.tokens.getAvailableTokens();
		long perToken = MINUTE_NANOS / this.tokensPerMinute;
		return new Window(this.tokensPerMinute, Math.max(0, available), (this.tokensPerMinute - available) * perToken,
				(available > 0) ? 0 : (1 - available) * perToken);
	}

	/** Takes one request; null when requests are not limited. */
	@Nullable Window takeRequest() {
		if (this.requests == null) {
			return null;
		}
		ConsumptionProbe probe = this.requests.tryConsumeAndReturnRemaining(1);
		return new Window(this.requestsPerMinute, probe.getRemainingTokens(), probe.getNanosToWaitForReset(),
				probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill()));
	}

	/** Debits the tokens an answer used, even past zero. */
	void debitTokens(long used) {
		if (this.tokens != null && used > 0) {
			this.tokens.consumeIgnoringRateLimits(used);
		}
	}

	private static @Nullable Bucket localBucket(long perMinute) {
		Bandwidth limit = perMinute(perMinute);
		return (limit != null) ? Bucket.builder().addLimit(limit).build() : null;
	}

	/**
	 * A budget as the caller sees it.
	 *
	 * @param limit the budget per minute
	 * @param remaining what is left now
	 * @param resetNanos time until the budget is full again
	 * @param retryNanos time until the request could pass, 0 if it passes now
	 */
	record Window(long limit, long remaining, long resetNanos, long retryNanos) {

		boolean exhausted() {
			return this.retryNanos > 0;
		}

	}

}
