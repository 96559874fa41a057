package com.intelia.llm.resilience;

import java.time.Duration;
import java.util.Map;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.Causes;
import com.intelia.llm.provider.ClientGone;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Runs one upstream call up to its first byte: retries (with {@link Retries}) inside the
 * upstream's circuit breaker (with {@link UpstreamCircuits}), so the circuit sees one
 * outcome per request, and the fallback provider when the primary fails retryably or its
 * circuit is open. What it throws is already what the caller should see: the failing
 * provider's own explanation, an open circuit, or {@link ClientGone}. Nothing here runs
 * once the first byte has gone to the caller.
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

	private final UpstreamCircuits circuits;

	private final Retries retries;

	private final @Nullable MeterRegistry meters;

	ResilientCalls(ResilienceProperties properties, ProviderRegistry providers, ObjectProvider<MeterRegistry> meters) {
		this.properties = properties;
		this.providers = providers;
		this.meters = meters.getIfAvailable();
		this.circuits = new UpstreamCircuits(properties.circuit(), this.meters);
		this.retries = new Retries(properties);
		if (properties.fallbackProvider() != null) {
			providers.get(properties.fallbackProvider());
		}
	}

	/**
	 * Calls {@code primary}, then the fallback if configured and warranted.
	 * @throws ApiException what the caller should see, when every way failed
	 * @throws ClientGone when the caller left
	 */
	public <T> Served<T> call(LlmProvider primary, String upstreamModel, long deadlineNanos, Attempt<T> attempt) {
		try {
			return new Served<>(primary, guarded(primary, deadlineNanos, attempt));
		}
		catch (Throwable failure) {
			LlmProvider fallback = fallbackFor(primary);
			if (fallback == null
					|| !(failure instanceof CallNotPermittedException || RetryDecision.of(failure).retryable())) {
				throw explained(primary, upstreamModel, failure);
			}
			countFallback(primary, fallback, failure);
			log.warn("Provider {} failed ({}); serving from fallback {}", primary.id(), reason(failure), fallback.id());
			try {
				return new Served<>(fallback, guarded(fallback, deadlineNanos, attempt));
			}
			catch (Throwable second) {
				throw explained(fallback, fallback.defaultUpstreamModel(), second);
			}
		}
	}

	/** The circuit breaker of a provider, for tests and health reporting. */
	public CircuitBreaker circuit(String providerId) {
		return this.circuits.of(providerId);
	}

	private <T> T guarded(LlmProvider provider, long deadlineNanos, Attempt<T> attempt) throws Throwable {
		return CircuitBreaker
			.decorateCheckedSupplier(this.circuits.of(provider.id()),
					() -> this.retries.run(provider.id(), deadlineNanos, () -> attempt.call(provider)))
			.get();
	}

	private @Nullable LlmProvider fallbackFor(LlmProvider primary) {
		String id = this.properties.fallbackProvider();
		return (id == null || id.equals(primary.id())) ? null : this.providers.get(id);
	}

	private RuntimeException explained(LlmProvider provider, String upstreamModel, Throwable failure) {
		if (failure instanceof Error error) {
			throw error;
		}
		ClientGone gone = Causes.find(failure, ClientGone.class);
		if (gone != null) {
			return gone;
		}
		if (failure instanceof CallNotPermittedException) {
			return circuitOpen(provider);
		}
		ApiException api = provider.explain(failure, upstreamModel);
		if (api.status().is5xxServerError() || api.status().value() == 429) {
			// The caller reads the explanation; the log keeps what caused it.
			log.warn("Upstream {} failed ({}): {}", provider.id(), api.code(), rootMessage(failure));
		}
		return api;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = Causes.root(failure);
		String message = root.getMessage();
		String text = root.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	private ApiException circuitOpen(LlmProvider provider) {
		Duration wait = this.circuits.untilProbe(provider.id());
		long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "circuit_open", null,
				"Provider '" + provider.id() + "' is failing: its circuit breaker opened after repeated upstream"
						+ " failures, and it will be probed again within " + seconds + " s.",
				Map.of("Retry-After", String.valueOf(seconds)));
	}

	private void countFallback(LlmProvider from, LlmProvider to, Throwable failure) {
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

	private static String reason(Throwable failure) {
		return (failure instanceof CallNotPermittedException) ? "circuit open" : failure.getClass().getSimpleName();
	}

}
