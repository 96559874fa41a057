package com.intelia.llm.resilience;

import java.time.Duration;
import java.util.Map;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.Causes;
import com.intelia.llm.provider.ClientGone;
import com.intelia.llm.provider.LlmProvider;
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

	/** One attempt along a route; throws on failure. */
	@FunctionalInterface
	public interface Attempt<T> {

		T call(Route route) throws Exception;

	}

	/**
	 * A result and the route that served it.
	 *
	 * @param route where it was served
	 * @param value what the attempt returned
	 */
	public record Served<T>(Route route, T value) {

		/** The provider or named upstream that answered. */
		public LlmProvider provider() {
			return this.route.provider();
		}

	}

	private final UpstreamCircuits circuits;

	private final Retries retries;

	private final @Nullable MeterRegistry meters;

	ResilientCalls(ResilienceProperties properties, ObjectProvider<MeterRegistry> meters) {
		this.meters = meters.getIfAvailable();
		this.circuits = new UpstreamCircuits(properties.circuit(), this.meters);
		this.retries = new Retries(properties);
	}

	/**
	 * Calls along {@code primary}, then along {@code fallback} when there is one and the
	 * failure warrants it.
	 * @throws ApiException what the caller should see, when every way failed
	 * @throws ClientGone when the caller left
	 */
	public <T> Served<T> call(Route primary, @Nullable Route fallback, long deadlineNanos, Attempt<T> attempt) {
		try {
			return new Served<>(primary, guarded(primary, deadlineNanos, attempt));
		}
		catch (Throwable failure) {
			if (fallback == null
					|| !(failure instanceof CallNotPermittedException || RetryDecision.of(failure).retryable())) {
				throw explained(primary, failure);
			}
			countFallback(primary.provider(), fallback.provider(), failure);
			log.warn("Upstream {} failed ({}); serving from fallback {} ({})", primary.provider().id(), reason(failure),
					fallback.provider().id(), fallback.upstreamModel());
			try {
				return new Served<>(fallback, guarded(fallback, deadlineNanos, attempt));
			}
			catch (Throwable second) {
				throw explained(fallback, second);
			}
		}
	}

	/** The circuit breaker of a provider, for tests and health reporting. */
	public CircuitBreaker circuit(String providerId) {
		return this.circuits.of(providerId);
	}

	private <T> T guarded(Route route, long deadlineNanos, Attempt<T> attempt) throws Throwable {
		String upstream = route.provider().id();
		return CircuitBreaker
			.decorateCheckedSupplier(this.circuits.of(upstream),
					() -> this.retries.run(upstream, deadlineNanos, () -> attempt.call(route)))
			.get();
	}

	private RuntimeException explained(Route route, Throwable failure) {
		LlmProvider provider = route.provider();
		String upstreamModel = route.upstreamModel();
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
