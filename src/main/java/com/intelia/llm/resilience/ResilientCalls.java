package com.intelia.llm.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderCallException;
import com.intelia.llm.provider.ProviderRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs one upstream call up to its first byte with Resilience4j: retries with backoff and
 * jitter that respect {@code Retry-After} and cold starts, a circuit breaker per
 * provider, and the fallback provider when the primary fails retryably or its circuit is
 * open. Nothing here runs once the first byte has gone to the caller.
 */
@Component
public class ResilientCalls {

	private static final Logger log = LoggerFactory.getLogger(ResilientCalls.class);

	/** One attempt against a provider; throws on failure. */
	@FunctionalInterface
	public interface Attempt<T> {

		T call(LlmProvider provider) throws Exception;

	}

	/**
	 * A result and the provider that served it.
	 *
	 * @param provider the provider that answered
	 * @param value what the attempt returned
	 */
	public record Served<T>(LlmProvider provider, T value) {
	}

	private final ResilienceProperties properties;

	private final ProviderRegistry providers;

	private final CircuitBreakerRegistry circuits;

	private final @Nullable MeterRegistry meters;

	private final Map<String, Retry> retries = new ConcurrentHashMap<>();

	private final ThreadLocal<Attempts> attempts = new ThreadLocal<>();

	ResilientCalls(ResilienceProperties properties, ProviderRegistry providers, ObjectProvider<MeterRegistry> meters) {
		this.properties = properties;
		this.providers = providers;
		this.circuits = CircuitBreakerRegistry.of(circuitConfig(properties.circuit()));
		this.meters = meters.getIfAvailable();
		if (this.meters != null) {
			TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.circuits).bindTo(this.meters);
		}
		if (properties.fallbackProvider() != null) {
			providers.get(properties.fallbackProvider());
		}
	}

	/** Calls {@code primary}, then the fallback if configured and warranted. */
	public <T> Served<T> call(LlmProvider primary, String upstreamModel, long deadlineNanos, Attempt<T> attempt) {
		try {
			return new Served<>(primary, withRetries(primary, deadlineNanos, attempt));
		}
		catch (Exception failure) {
			LlmProvider fallback = fallbackFor(primary);
			if (fallback == null
					|| !(failure instanceof CallNotPermittedException || RetryDecision.of(failure).retryable())) {
				throw failed(primary, upstreamModel, failure);
			}
			countFallback(primary, fallback, failure);
			log.warn("Provider {} failed ({}); serving from fallback {}", primary.id(), reason(failure), fallback.id());
			try {
				return new Served<>(fallback, withRetries(fallback, deadlineNanos, attempt));
			}
			catch (Exception second) {
				throw failed(fallback, fallback.defaultUpstreamModel(), second);
			}
		}
	}

	/** The circuit breaker of a provider, for tests and health reporting. */
	public CircuitBreaker circuit(String providerId) {
		return this.circuits.circuitBreaker(providerId);
	}

	private <T> T withRetries(LlmProvider provider, long deadlineNanos, Attempt<T> attempt) throws Exception {
		Retry retry = this.retries.computeIfAbsent(provider.id(), this::retry);
		this.attempts.set(new Attempts(deadlineNanos));
		CircuitBreaker circuit = this.circuits.circuitBreaker(provider.id());
		try {
			return Retry
				.decorateCheckedSupplier(retry,
						CircuitBreaker.decorateCheckedSupplier(circuit, () -> attempt.call(provider)))
				.get();
		}
		catch (Exception | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			this.attempts.remove();
		}
	}

	/**
	 * One Retry per provider, built once. The attempts run on the caller's thread, so the
	 * per-call state (retries spent, deadline, next wait) is bound to it.
	 */
	private Retry retry(String providerId) {
		return Retry.of(providerId,
				RetryConfig.custom()
					.maxAttempts(1_000)
					.retryOnException((failure) -> this.attempts.get().shouldRetry(failure))
					.intervalBiFunction((attempt, outcome) -> this.attempts.get().interval(attempt, outcome))
					.failAfterMaxAttempts(false)
					.build());
	}

	private @Nullable LlmProvider fallbackFor(LlmProvider primary) {
		String id = this.properties.fallbackProvider();
		return (id == null || id.equals(primary.id())) ? null : this.providers.get(id);
	}

	private RuntimeException failed(LlmProvider provider, String upstreamModel, Exception failure) {
		if (failure instanceof ApiException api) {
			return api;
		}
		// An open circuit too: the error mapper explains it, naming the provider.
		return new ProviderCallException(provider.id(), upstreamModel, failure);
	}

	private void countFallback(LlmProvider from, LlmProvider to, Exception failure) {
		if (this.meters != null) {
			Counter.builder("llm.fallback")
				.description("Requests served by the fallback provider")
				.tag("from", from.id())
				.tag("to", to.id())
				.tag("reason", (failure instanceof CallNotPermittedException) ? "circuit_open" : "retryable_error")
				.register(this.meters)
				.increment();
		}
	}

	private static String reason(Exception failure) {
		return (failure instanceof CallNotPermittedException) ? "circuit open" : failure.getClass().getSimpleName();
	}

	private static CircuitBreakerConfig circuitConfig(ResilienceProperties.Circuit circuit) {
		return CircuitBreakerConfig.custom()
			.failureRateThreshold(circuit.failureRateThreshold())
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(circuit.slidingWindowSize())
			.minimumNumberOfCalls(circuit.minimumCalls())
			.waitDurationInOpenState(Duration.ofSeconds(circuit.openSeconds()))
			.permittedNumberOfCallsInHalfOpenState(circuit.halfOpenCalls())
			.recordException((failure) -> RetryDecision.of(failure).retryable())
			// A 4xx says nothing about the upstream's health: neither a failure nor a
			// success.
			.ignoreException((failure) -> !RetryDecision.of(failure).retryable())
			.build();
	}

	/** Per-call retry state: how many retries are spent, and the next wait. */
	private final class Attempts {

		private final long deadlineNanos;

		private int retries;

		private long nextWaitMillis;

		Attempts(long deadlineNanos) {
			this.deadlineNanos = deadlineNanos;
		}

		boolean shouldRetry(Throwable failure) {
			if (failure instanceof CallNotPermittedException) {
				return false;
			}
			RetryDecision decision = RetryDecision.of(failure);
			if (!decision.retryable()) {
				return false;
			}
			long wait;
			if (decision.coldStart()) {
				// A loading model is waited out within the timeout; the hint is an
				// estimate, so
				// look again at least every 5 s.
				wait = Math.min((decision.hint() != null) ? decision.hint().toMillis() : 2_000, 5_000);
			}
			else {
				if (this.retries >= ResilientCalls.this.properties.maxRetries()) {
					return false;
				}
				if (decision.hint() != null
						&& decision.hint().toSeconds() > ResilientCalls.this.properties.maxRetryAfterSeconds()) {
					return false;
				}
				wait = (decision.hint() != null) ? decision.hint().toMillis() : backoff();
				this.retries++;
			}
			long remaining = TimeUnit.NANOSECONDS.toMillis(this.deadlineNanos - System.nanoTime());
			if (wait >= remaining) {
				return false;
			}
			this.nextWaitMillis = Math.max(1, wait);
			return true;
		}

		Long interval(Integer attempt, Either<Throwable, ?> outcome) {
			return this.nextWaitMillis;
		}

		private long backoff() {
			long base = Math.min(ResilientCalls.this.properties.maxBackoffMillis(),
					ResilientCalls.this.properties.initialBackoffMillis() << Math.min(this.retries, 20));
			return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
		}

	}

}
