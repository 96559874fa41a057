package com.intelia.llm.access;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * The global cap on chat answers in flight. A request past it waits a little for a slot,
 * in arrival order, then gives up, so the service never queues work it cannot finish.
 */
@Component
class ConcurrencyLimit {

	private final Semaphore slots;

	private final int max;

	private final long waitMillis;

	ConcurrencyLimit(AccessProperties properties) {
		this.max = properties.concurrency().maxRequests();
		this.waitMillis = properties.concurrency().queueWaitMs();
		this.slots = new Semaphore(this.max, true);
	}

	/** Takes a slot, waiting at most the configured time; false if none came free. */
	boolean tryEnter() {
		try {
			return this.slots.tryAcquire(this.waitMillis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	void leave() {
		this.slots.release();
	}

	int max() {
		return this.max;
	}

	int inFlight() {
		return this.max - this.slots.availablePermits();
	}

}
