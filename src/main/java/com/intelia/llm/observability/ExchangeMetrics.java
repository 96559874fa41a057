package com.intelia.llm.observability;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;

import com.intelia.llm.exchange.Exchange;
import com.intelia.llm.exchange.ExchangeListener;
import com.intelia.llm.exchange.Tokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Turns each finished chat exchange into the Prometheus series of the original README,
 * plus time to first token, gateway overhead and traffic per prompt version.
 * <p>
 * Micrometer names are dotted: the Prometheus registry appends {@code _total} to counters
 * and {@code _seconds} to timers, so {@code llm.requests} is exposed as
 * {@code llm_requests_total}.
 */
@Component
class ExchangeMetrics implements ExchangeListener {

	/**
	 * Latency buckets for LLM answers: from 50 ms (a cached or refused call) to 2 min
	 * (the default total timeout).
	 */
	static final Duration[] LATENCY_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120);

	/**
	 * Overhead buckets: time spent here outside the upstream is expected in milliseconds.
	 */
	static final Duration[] OVERHEAD_BUCKETS = seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1);

	private final MeterRegistry registry;

	private final Counter promptTokens;

	private final Counter generatedTokens;

	ExchangeMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.promptTokens = Counter.builder("llm.tokens.prompt")
			.description("Prompt tokens sent upstream, as reported in the upstream's usage")
			.register(registry);
		this.generatedTokens = Counter.builder("llm.tokens.generated")
			.description("Completion tokens generated upstream, as reported in the upstream's usage")
			.register(registry);
		// Every error type is exposed at 0 from the start, so rate() and alerts work
		// before the first failure.
		Labels.TYPES.forEach(this::errors);
	}

	@Override
	public void onExchange(Exchange exchange) {
		Tags target = Tags.of("model", Labels.bounded(exchange.model()), "provider",
				Labels.bounded(exchange.provider()));
		Counter.builder("llm.requests")
			.description("Chat completion requests, by HTTP status sent (200 for a stream that started)")
			.tags(target.and("status", Integer.toString(exchange.status()))
				// Key names come from the operator's key list, so the label stays
				// bounded.
				.and("key", (exchange.caller() != null) ? exchange.caller() : "none"))
			.register(this.registry)
			.increment();
		if (exchange.errorType() != null) {
			errors(Labels.errorType(exchange.errorType())).increment();
		}
		tokens(exchange.tokens());
		timings(exchange, target);
		promptVersion(exchange);
	}

	private void tokens(@Nullable Tokens tokens) {
		if (tokens != null) {
			this.promptTokens.increment(tokens.prompt());
			this.generatedTokens.increment(tokens.completion());
		}
	}

	private void timings(Exchange exchange, Tags target) {
		if (Labels.reachedUpstream(exchange)) {
			timer("llm.inference.duration", "Time from a chat request's arrival to its last byte", LATENCY_BUCKETS,
					target.and("stream", Boolean.toString(exchange.stream())))
				.record(exchange.durationNanos(), TimeUnit.NANOSECONDS);
		}
		if (exchange.timeToFirstTokenNanos() >= 0) {
			timer("llm.time.to.first.token", "Time from a streamed request's arrival to its first token",
					LATENCY_BUCKETS, target)
				.record(exchange.timeToFirstTokenNanos(), TimeUnit.NANOSECONDS);
		}
		if (exchange.upstreamNanos() > 0) {
			timer("llm.gateway.overhead", "Time a request spent in the gateway outside the upstream call",
					OVERHEAD_BUCKETS, Tags.empty())
				.record(Math.max(0, exchange.durationNanos() - exchange.upstreamNanos()), TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Prompt versions get their own counter rather than a label on the README's series:
	 * those keep their documented labels, and the latency histogram is not multiplied by
	 * every version ever deployed.
	 */
	private void promptVersion(Exchange exchange) {
		if (exchange.promptId() != null && exchange.promptVersion() != null) {
			Counter.builder("llm.prompt.requests")
				.description("Chat completion requests by domain prompt and version, to compare versions")
				.tags("prompt", exchange.promptId(), "version", exchange.promptVersion(), "status",
						Integer.toString(exchange.status()))
				.register(this.registry)
				.increment();
		}
	}

	private Counter errors(String type) {
		return Counter.builder("llm.errors")
			.description("Failed chat completion requests, by error type")
			.tag("type", type)
			.register(this.registry);
	}

	private Timer timer(String name, String description, Duration[] buckets, Tags tags) {
		return Timer.builder(name)
			.description(description)
			.serviceLevelObjectives(buckets)
			.tags(tags)
			.register(this.registry);
	}

	private static Duration[] seconds(double... values) {
		return DoubleStream.of(values)
			.mapToObj((value) -> Duration.ofNanos(Math.round(value * 1e9)))
			.toArray(Duration[]::new);
	}

}
