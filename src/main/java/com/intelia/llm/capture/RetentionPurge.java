package com.intelia.llm.capture;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.intelia.llm.capture.CaptureDatabase.Connected;
import com.intelia.llm.capture.CaptureMetrics.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.TransactionException;

/**
 * Deletes captures older than {@code LLM_CAPTURE_RETENTION_DAYS}, with their feedback, on
 * a schedule. It also runs when capture has been turned off, as long as the database is
 * there: turning capture off must not keep old conversations for ever.
 */
class RetentionPurge {

	private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

	private final CaptureDatabase database;

	private final CaptureStore store;

	private final CaptureMetrics metrics;

	private final Duration retention;

	private final BooleanSupplier mayHoldCaptures;

	private final Clock clock;

	RetentionPurge(CaptureDatabase database, CaptureStore store, CaptureMetrics metrics, int retentionDays,
			BooleanSupplier mayHoldCaptures, Clock clock) {
		this.database = database;
		this.store = store;
		this.metrics = metrics;
		this.retention = Duration.ofDays(retentionDays);
		this.mayHoldCaptures = mayHoldCaptures;
		this.clock = clock;
	}

	/** Runs a minute after start, then every hour. */
	@Scheduled(initialDelay = 1, fixedDelay = 60, timeUnit = TimeUnit.MINUTES)
	void scheduled() {
		if (this.mayHoldCaptures.getAsBoolean()) {
			purge();
		}
	}

	/**
	 * Purges now.
	 * @return how many completions were deleted, or -1 if the database is down
	 */
	long purge() {
		Connected connected = this.database.available();
		if (connected == null) {
			return -1;
		}
		try {
			int purged = this.store.purge(connected, this.clock.instant().minus(this.retention));
			this.metrics.count(Outcome.PURGED, purged);
			if (purged > 0) {
				log.info("Purged {} captured completion(s) older than {} days.", purged, this.retention.toDays());
			}
			return purged;
		}
		catch (DataAccessException | TransactionException ex) {
			this.database.failed(ex);
			return -1;
		}
	}

}
