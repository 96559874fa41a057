package com.intelia.llm.resilience;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How upstream calls are retried, broken and rerouted.
 *
 * @param maxRetries retries after the first attempt on 408/429/5xx and connection errors
 * ({@code LLM_MAX_RETRIES}); cold starts are waited out within the timeout and do not
 * count
 * @param initialBackoffMillis the first backoff, doubled at each retry, with jitter
 * @param maxBackoffMillis the longest backoff
 * @param maxRetryAfterSeconds the longest {@code Retry-After} honoured before giving up
 * @param circuit the circuit breaker kept per upstream
 * @param fallbackProvider the provider that serves requests the primary failed retryably,
 * or that arrive while its circuit is open ({@code LLM_FALLBACK_PROVIDER})
 * @param canaryProvider the provider that gets a share of traffic
 * ({@code LLM_CANARY_PROVIDER})
 * @param canaryPercent that share, 0 to 100 ({@code LLM_CANARY_PERCENT})
 * @param canarySeed a fixed seed for the canary draw of requests without {@code user},
 * for tests
 */
@Validated
@ConfigurationProperties("llm.resilience")
public record ResilienceProperties(@PositiveOrZero @Max(10) @DefaultValue("2") int maxRetries,
		@Positive @DefaultValue("250") long initialBackoffMillis, @Positive @DefaultValue("4000") long maxBackoffMillis,
		@Positive @DefaultValue("30") long maxRetryAfterSeconds, @Valid @DefaultValue Circuit circuit,
		@Nullable String fallbackProvider, @Nullable String canaryProvider,
		@Min(0) @Max(100) @DefaultValue("0") int canaryPercent, @Nullable Long canarySeed) {

	public ResilienceProperties {
		fallbackProvider = blankToNull(fallbackProvider);
		canaryProvider = blankToNull(canaryProvider);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/**
	 * The circuit breaker kept per upstream. It records one outcome per request, after
	 * its retries, and counts only signs of an unhealthy upstream (refused or broken
	 * connections, timeouts, 5xx); it opens on sustained failure only, by rate or by
	 * streak, and stays open briefly, longer while its probes keep failing.
	 *
	 * @param failureRateThreshold the failure percentage over the window that opens it
	 * ({@code LLM_CIRCUIT_FAILURE_RATE})
	 * @param windowSeconds the window the rate is taken over
	 * ({@code LLM_CIRCUIT_WINDOW_SECONDS})
	 * @param minimumCalls how many requests the window must hold before the rate counts
	 * ({@code LLM_CIRCUIT_MINIMUM_CALLS})
	 * @param consecutiveFailures how many failed requests in a row open it whatever the
	 * rate, so a quiet service notices a dead upstream too
	 * ({@code LLM_CIRCUIT_CONSECUTIVE_FAILURES})
	 * @param openSeconds how long it stays open before its first probe (half-open)
	 * ({@code LLM_CIRCUIT_OPEN_SECONDS})
	 * @param maxOpenSeconds the longest it stays open: the wait doubles with each failed
	 * probe up to this ({@code LLM_CIRCUIT_MAX_OPEN_SECONDS})
	 * @param halfOpenCalls how many probe requests it lets through half-open
	 */
	public record Circuit(@Min(1) @Max(100) @DefaultValue("50") int failureRateThreshold,
			@Positive @DefaultValue("30") int windowSeconds, @Positive @DefaultValue("20") int minimumCalls,
			@Positive @DefaultValue("10") int consecutiveFailures, @Positive @DefaultValue("5") int openSeconds,
			@Positive @DefaultValue("60") int maxOpenSeconds, @Positive @DefaultValue("1") int halfOpenCalls) {
	}

}
