package com.intelia.llm.capture;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports dropped captures at most once a minute: a database outage under load would
 * otherwise write a log line per request.
 */
final class DropLog {

	private static final Logger log = LoggerFactory.getLogger(DropLog.class);

	private static final long INTERVAL = Duration.ofMinutes(1).toNanos();

	private final LongSupplier nanoTime;

	private final AtomicLong unreported = new AtomicLong();

	private final AtomicLong nextReport;

	/**
	 * @param nanoTime the clock, {@link System#nanoTime} but in tests
	 */
	DropLog(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		this.nextReport = new AtomicLong(nanoTime.getAsLong());
	}

	/** Counts drops; logs them if the last report is a minute old. */
	void dropped(long count, String reason) {
		this.unreported.addAndGet(count);
		long now = this.nanoTime.getAsLong();
		long due = this.nextReport.get();
		if (now - due >= 0 && this.nextReport.compareAndSet(due, now + INTERVAL)) {
			log.warn(
					"Capture dropped {} completion(s) since the last report, the latest because {}; "
							+ "see llm_capture_records_total and /health/capture.",
					this.unreported.getAndSet(0), reason);
		}
	}

}
