package com.intelia.llm.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.intelia.llm.provider.UpstreamHttpException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The circuit settings Resilience4j cannot express alone: the streak and the growing
 * wait.
 */
class UpstreamCircuitsTest {

	final UpstreamCircuits circuits = new UpstreamCircuits(new ResilienceProperties.Circuit(50, 30, 20, 3, 5, 60, 1),
			null);

	@Test
	void a_streak_of_failed_requests_opens_the_circuit_below_the_windows_minimum() {
		CircuitBreaker circuit = this.circuits.of("vllm");
		fail(circuit);
		fail(circuit);
		assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

		fail(circuit);

		assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.circuits.untilProbe("vllm")).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5));
	}

	@Test
	void a_success_ends_the_streak_and_ignored_failures_do_not_extend_it() {
		CircuitBreaker circuit = this.circuits.of("vllm");
		fail(circuit);
		fail(circuit);
		circuit.onSuccess(1, TimeUnit.MILLISECONDS);
		fail(circuit);
		circuit.onError(1, TimeUnit.MILLISECONDS, new UpstreamHttpException(429, "slow", Map.of()));
		fail(circuit);

		assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void the_wait_doubles_with_each_failed_probe_up_to_the_cap() {
		CircuitBreaker circuit = this.circuits.of("vllm");
		for (int i = 0; i < 3; i++) {
			fail(circuit);
		}
		long[] waits = new long[6];
		for (int probe = 0; probe < waits.length; probe++) {
			waits[probe] = Math.round(this.circuits.untilProbe("vllm").toMillis() / 1000.0);
			circuit.transitionToHalfOpenState();
			fail(circuit);
		}

		assertThat(waits).containsExactly(5, 10, 20, 40, 60, 60);
	}

	@Test
	void a_closed_circuit_has_no_wait() {
		assertThat(this.circuits.untilProbe("never-failed")).isZero();
	}

	private static void fail(CircuitBreaker circuit) {
		circuit.onError(1, TimeUnit.MILLISECONDS, new UpstreamHttpException(503, "down", Map.of()));
	}

}
