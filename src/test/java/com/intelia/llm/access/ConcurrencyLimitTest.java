package com.intelia.llm.access;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.intelia.llm.access.ConcurrencyLimit.Ticket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission within the limits: slots, heap, the wait list, and the refund of blocking
 * answers.
 */
class ConcurrencyLimitTest {

	@Test
	void past_the_slots_a_request_waits_if_the_list_has_room_and_is_refused_at_once_if_not() throws Exception {
		ConcurrencyLimit limit = limit(new LoadLimits(1L << 30, 100_000, 1, 1, 5_000, 10, 4096));
		Ticket held = limit.tryEnter(0);

		CompletableFuture<Ticket> waiter = CompletableFuture.supplyAsync(() -> limit.tryEnter(0));
		Awaitility.await().atMost(5, TimeUnit.SECONDS).until(limit::underPressure);
		long started = System.nanoTime();
		Ticket refused = limit.tryEnter(0);

		assertThat(refused).as("the wait list is full").isNull();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_000);
		limit.leave(held);
		assertThat(waiter.get(5, TimeUnit.SECONDS)).as("the waiter got the slot").isNotNull();
	}

	@Test
	void the_heap_budget_bounds_streams_and_a_blocking_answer_gives_part_of_its_reservation_back() {
		long oneStream = LoadLimits.reservationKib(0);
		ConcurrencyLimit limit = limit(new LoadLimits(1L << 30, oneStream, 10, 0, 0, 20, 4096));
		Ticket first = limit.tryEnter(0);

		assertThat(limit.tryEnter(0)).as("a second stream's reservation does not fit").isNull();
		limit.blocking(first);
		limit.blocking(first);
		assertThat(limit.tryEnter(0)).as("still does not fit: a refund, given once, is not a whole stream").isNull();
		assertThat(first.kib()).isEqualTo(oneStream - LoadLimits.blockingRefundKib());
		limit.leave(first);
		assertThat(limit.tryEnter(0)).isNotNull();
	}

	@Test
	void leaving_gives_back_exactly_what_was_taken() {
		ConcurrencyLimit limit = limit(new LoadLimits(1L << 30, 10_000, 5, 0, 0, 10, 4096));
		List<Ticket> tickets = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Ticket ticket = limit.tryEnter(1024);
			if (i % 2 == 0) {
				limit.blocking(ticket);
			}
			tickets.add(ticket);
		}
		assertThat(limit.tryEnter(0)).isNull();
		tickets.forEach(limit::leave);

		for (int i = 0; i < 5; i++) {
			assertThat(limit.tryEnter(1024)).isNotNull();
		}
	}

	@Test
	void a_body_larger_than_the_whole_budget_never_fits() {
		ConcurrencyLimit limit = limit(new LoadLimits(1L << 30, 10_000, 5, 0, 0, 10, 4096));

		assertThat(limit.fits(1024)).isTrue();
		assertThat(limit.fits(8L << 20)).isFalse();
	}

	@Test
	void pressure_starts_when_a_quarter_of_the_slots_is_left() {
		ConcurrencyLimit limit = limit(new LoadLimits(1L << 30, 100_000, 8, 0, 0, 10, 4096));
		for (int i = 0; i < 6; i++) {
			limit.tryEnter(0);
		}
		assertThat(limit.underPressure()).isFalse();

		limit.tryEnter(0);

		assertThat(limit.underPressure()).isTrue();
	}

	private static ConcurrencyLimit limit(LoadLimits limits) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("meters", new SimpleMeterRegistry());
		return new ConcurrencyLimit(limits, beans.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
	}

}
