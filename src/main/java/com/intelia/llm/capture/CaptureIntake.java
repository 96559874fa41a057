package com.intelia.llm.capture;

import java.util.function.Supplier;

import com.intelia.llm.capture.CaptureMetrics.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * The chat path's door to capture: decides from configuration alone, and queues without
 * waiting. A database known to be down drops at once, so a long outage costs nothing but
 * a counter increment.
 */
final class CaptureIntake implements Capture {

	private final boolean enabled;

	private final CaptureFlags flags;

	private final CaptureQueue queue;

	private final CaptureDatabase database;

	private final CaptureMetrics metrics;

	CaptureIntake(boolean enabled, CaptureFlags flags, CaptureQueue queue, CaptureDatabase database,
			CaptureMetrics metrics) {
		this.enabled = enabled;
		this.flags = flags;
		this.queue = queue;
		this.database = database;
		this.metrics = metrics;
	}

	/** Whether any completion can be captured with this configuration. */
	boolean active() {
		return this.enabled || this.flags.anyAlways();
	}

	/**
	 * Whether there may be captures to read, rate or purge: capture is on for someone, or
	 * a database is there from before. When not, nothing should open the database, which
	 * for the SQLite default would create its file.
	 */
	boolean mayHoldCaptures() {
		return active() || this.database.configured();
	}

	@Override
	public boolean enabledFor(@Nullable String keyName) {
		if (this.flags.never(keyName)) {
			return false;
		}
		return this.enabled || this.flags.always(keyName);
	}

	@Override
	public void offer(@Nullable String keyName, Supplier<CapturedCompletion> completion) {
		try {
			if (!enabledFor(keyName)) {
				return;
			}
			if (this.database.state() == CaptureDatabase.State.DOWN) {
				this.metrics.dropped(Outcome.DROPPED_DATABASE_DOWN, 1);
			}
			else if (this.queue.full() || !this.queue.offer(completion.get())) {
				this.metrics.dropped(Outcome.DROPPED_QUEUE_FULL, 1);
			}
		}
		catch (RuntimeException ex) {
			// A malformed completion must not fail the chat that offered it.
			this.metrics.dropped(Outcome.DROPPED_QUEUE_FULL, 1);
		}
	}

	@Override
	public void offer(CapturedCompletion completion) {
		offer((completion != null) ? completion.keyName() : null, () -> completion);
	}

}
