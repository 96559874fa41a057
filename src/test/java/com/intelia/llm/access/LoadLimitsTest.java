package com.intelia.llm.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The limits derived from a heap, and what an operator's settings change. */
class LoadLimitsTest {

	static final AccessProperties.Concurrency DERIVED = new AccessProperties.Concurrency(0, 0, 2000);

	@ParameterizedTest(name = "{0} MiB heap")
	@CsvSource({ "247, 900, 250", "123, 350, 100" })
	void a_heap_holds_at_least_the_answers_the_survival_runs_need(long heapMiB, int atLeastInFlight,
			int atLeastWaiting) {
		LoadLimits limits = LoadLimits.derive(heapMiB << 20, DERIVED);

		assertThat(limits.inFlight()).isGreaterThanOrEqualTo(atLeastInFlight);
		assertThat(limits.waiting()).isGreaterThanOrEqualTo(atLeastWaiting);
		assertThat(limits.connections()).isGreaterThan(limits.inFlight() + limits.waiting());
		assertThat(limits.acceptBacklog()).isEqualTo(4096);
	}

	@ParameterizedTest(name = "{0} MiB heap")
	@CsvSource({ "123", "247", "492", "984" })
	void load_at_its_limits_stays_within_the_heap_with_room_for_the_collector(long heapMiB) {
		LoadLimits limits = LoadLimits.derive(heapMiB << 20, DERIVED);
		long door = limits.connections() - limits.inFlight() - limits.waiting();

		long worst = LoadLimits.BASE_BYTES + (limits.inFlightKib() << 10) + limits.waiting() * LoadLimits.WAITING_BYTES
				+ door * LoadLimits.WAITING_BYTES;

		assertThat((double) worst / (heapMiB << 20)).isLessThan(0.86);
	}

	@Test
	void streams_are_bounded_by_the_heap_budget_not_by_the_blocking_count() {
		LoadLimits limits = LoadLimits.derive(247L << 20, DERIVED);

		long streams = limits.inFlightKib() / LoadLimits.reservationKib(0);

		// A stream now costs no more than a blocking answer: the budget holds as many.
		assertThat(streams).isLessThanOrEqualTo(limits.inFlight()).isGreaterThanOrEqualTo(900);
		assertThat(LoadLimits.reservationKib(0)).as("every request reserves the dearest unit")
			.isGreaterThanOrEqualTo(Math.max(LoadLimits.STREAM_BYTES, LoadLimits.BLOCKING_BYTES) >> 10);
	}

	@Test
	void the_operators_settings_win() {
		LoadLimits limits = LoadLimits.derive(247L << 20, new AccessProperties.Concurrency(64, 10, 250));

		assertThat(limits.inFlight()).isEqualTo(64);
		assertThat(limits.waiting()).isEqualTo(10);
		assertThat(limits.waitMillis()).isEqualTo(250);
		LoadLimits lifted = LoadLimits.derive(247L << 20, new AccessProperties.Concurrency(5000, 0, 2000));
		assertThat(lifted.inFlightKib() / LoadLimits.reservationKib(0)).as("as many streams as the cap says")
			.isGreaterThanOrEqualTo(5000);
	}

	@Test
	void a_tiny_heap_still_admits_one_answer() {
		LoadLimits limits = LoadLimits.derive(32L << 20, DERIVED);

		assertThat(limits.inFlight()).isPositive();
		assertThat(limits.inFlightKib()).isGreaterThanOrEqualTo(LoadLimits.reservationKib(0));
	}

	@Test
	void a_request_reserves_its_body_several_times_over() {
		assertThat(LoadLimits.reservationKib(1 << 20) - LoadLimits.reservationKib(0))
			.isEqualTo(LoadLimits.BODY_FACTOR * 1024L);
	}

	@Test
	void the_start_up_line_names_the_figures_and_the_variables_that_override_them() {
		assertThat(LoadLimits.derive(247L << 20, DERIVED).describe()).contains("247 MiB heap", "answers in flight",
				"waiting up to 2000 ms", "connections", "LLM_MAX_CONCURRENT_REQUESTS");
	}

}
