package com.intelia.llm.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import com.intelia.llm.provider.UpstreamFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * One Resilience4j circuit breaker per upstream, set so that only sustained failure opens
 * it: a failure rate over a time window with a minimum of requests, counting only
 * failures that say the upstream is unwell ({@link UpstreamFailure#unhealthy()}),
 * everything else being ignored. Its open-state wait starts short and doubles with each
 * failed probe, up to a cap (Resilience4j's interval function in open state).
 * <p>
 * Two small additions Resilience4j has no setting for: a streak of failed requests opens
 * the circuit whatever the window holds (a quiet service would otherwise never reach the
 * window's minimum), and the time until the next probe is kept, so an open circuit can
 * tell callers when to come back.
 */
final class UpstreamCircuits {

	private final ResilienceProperties.Circuit settings;

	private final IntervalFunction openWaits;

	private final CircuitBreakerRegistry registry;

	private final Map<String, Tracker> trackers = new ConcurrentHashMap<>();

	UpstreamCircuits(ResilienceProperties.Circuit settings, @Nullable MeterRegistry meters) {
		this.settings = settings;
		this.openWaits = IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(settings.openSeconds()), 2.0,
				Duration.ofSeconds(Math.max(settings.openSeconds(), settings.maxOpenSeconds())));
		this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.failureRateThreshold())
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
			.slidingWindowSize(settings.windowSeconds())
			.minimumNumberOfCalls(settings.minimumCalls())
			.waitIntervalFunctionInOpenState(this.openWaits)
			.permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
			.recordException((failure) -> UpstreamFailure.of(failure).unhealthy())
			// A 429, a 4xx, a client that left, our own refusal: neither failure nor
			// success.
			.ignoreException((failure) -> !UpstreamFailure.of(failure).unhealthy())
			.build());
		this.registry.getEventPublisher().onEntryAdded((event) -> track(event.getAddedEntry()));
		if (meters != null) {
			TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.registry).bindTo(meters);
		}
	}

	/** The circuit of an upstream, created on first use. */
	CircuitBreaker of(String upstream) {
		return this.registry.circuitBreaker(upstream);
	}

	/** How long until an open circuit lets its next probe through; zero if not open. */
	Duration untilProbe(String upstream) {
		Tracker tracker = this.trackers.get(upstream);
		long nanos = (tracker != null) ? tracker.openUntilNanos - System.nanoTime() : 0;
		return (nanos > 0) ? Duration.ofNanos(nanos) : Duration.ZERO;
	}

	private void track(CircuitBreaker circuit) {
		Tracker tracker = new Tracker();
		this.trackers.put(circuit.getName(), tracker);
		circuit.getEventPublisher().onSuccess((event) -> tracker.streak.set(0)).onError((event) -> {
			if (tracker.streak.incrementAndGet() >= this.settings.consecutiveFailures()) {
				tracker.openAfterStreak(circuit);
			}
		}).onStateTransition((event) -> tracker.transition(event, this.openWaits));
	}

	/** What Resilience4j does not keep for us: the streak, and when the wait ends. */
	private static final class Tracker {

		private final AtomicInteger streak = new AtomicInteger();

		private volatile int opened;

		private volatile long openUntilNanos;

		private final ReentrantLock opening = new ReentrantLock();

		/**
		 * Opens the circuit if it is closed. Requests that fail together each reach the
		 * streak: checked and opened one at a time, only the first opens it. Two at once
		 * both saw it closed, and the second opening, from open to open, counted as a
		 * failed probe for Resilience4j: it waited twice the first wait before its probe
		 * (10 s instead of 5 by default), while callers were told the first wait, since
		 * Resilience4j publishes no event for that transition.
		 */
		void openAfterStreak(CircuitBreaker circuit) {
			this.opening.lock();
			try {
				if (circuit.getState() == CircuitBreaker.State.CLOSED) {
					circuit.transitionToOpenState();
				}
			}
			finally {
				this.opening.unlock();
			}
		}

		void transition(CircuitBreakerOnStateTransitionEvent event, IntervalFunction waits) {
			CircuitBreaker.StateTransition transition = event.getStateTransition();
			if (transition.getToState() == CircuitBreaker.State.OPEN) {
				// Resilience4j lengthens the wait the same way: a failed probe is one
				// more
				// attempt, opening from closed starts again at the first.
				this.opened = (transition.getFromState() == CircuitBreaker.State.HALF_OPEN) ? this.opened + 1 : 1;
				this.openUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waits.apply(this.opened));
			}
			else if (transition.getToState() == CircuitBreaker.State.CLOSED) {
				this.streak.set(0);
				this.opened = 0;
				this.openUntilNanos = 0;
			}
		}

	}

}
