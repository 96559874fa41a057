package com.intelia.llm.capture;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The capture's meters: {@code llm_capture_records_total} by {@code outcome},
 * {@code llm_capture_database_up} and {@code llm_capture_queue_size}. They carry no text
 * and no completion id.
 */
final class CaptureMetrics {

	private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

	private final DropLog drops;

	CaptureMetrics(MeterRegistry registry, Supplier<Boolean> databaseUp, Supplier<Integer> queued, DropLog drops) {
		this.drops = drops;
		for (Outcome outcome : Outcome.values()) {
			this.counters.put(outcome,
					Counter.builder("llm.capture.records")
						.description("Captured completions by outcome: captured, dropped (queue full, database down), "
								+ "purged by retention, erased on request")
						.tag("outcome", outcome.tag)
						.register(registry));
		}
		Gauge.builder("llm.capture.database.up", () -> databaseUp.get() ? 1 : 0)
			.description("1 while the capture database accepts writes, 0 otherwise")
			.register(registry);
		Gauge.builder("llm.capture.queue.size", queued::get)
			.description("Captured completions waiting to be written")
			.register(registry);
	}

	void count(Outcome outcome, long records) {
		if (records > 0) {
			this.counters.get(outcome).increment(records);
		}
	}

	/** Counts a drop, and reports drops in the log at most once a minute. */
	void dropped(Outcome reason, long records) {
		count(reason, records);
		if (records > 0) {
			this.drops.dropped(records, (reason == Outcome.DROPPED_QUEUE_FULL) ? "the queue was full"
					: "the capture database was unavailable");
		}
	}

	/** The values of the {@code outcome} tag. */
	enum Outcome {

		CAPTURED("captured"), DROPPED_QUEUE_FULL("dropped_queue_full"), DROPPED_DATABASE_DOWN("dropped_database_down"),
		PURGED("purged"), ERASED("erased");

		private final String tag;

		Outcome(String tag) {
			this.tag = tag;
		}

	}

}
