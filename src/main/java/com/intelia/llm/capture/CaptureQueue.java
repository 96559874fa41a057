package com.intelia.llm.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The completions waiting for the writer, bounded by count and by characters of text: one
 * chat request may carry megabytes, and a slow database must not turn into an
 * out-of-memory error.
 */
final class CaptureQueue {

	private final ArrayBlockingQueue<CapturedCompletion> waiting;

	private final AtomicLong chars = new AtomicLong();

	private final long maxChars;

	CaptureQueue(CaptureProperties.Queue settings) {
		this.waiting = new ArrayBlockingQueue<>(settings.capacity());
		this.maxChars = settings.maxChars();
	}

	/** Whether a bound is reached, so an offer now would be refused. */
	boolean full() {
		return this.waiting.remainingCapacity() == 0 || this.chars.get() >= this.maxChars;
	}

	/** Adds the completion at once, or returns false when a bound is reached. */
	boolean offer(CapturedCompletion completion) {
		long size = completion.chars();
		if (this.chars.addAndGet(size) > this.maxChars) {
			this.chars.addAndGet(-size);
			return false;
		}
		if (!this.waiting.offer(completion)) {
			this.chars.addAndGet(-size);
			return false;
		}
		return true;
	}

	/**
	 * Up to {@code max} completions, waiting up to {@code wait} for the first.
	 * @return the completions, empty if none came
	 */
	List<CapturedCompletion> take(int max, Duration wait) throws InterruptedException {
		CapturedCompletion first = this.waiting.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
		if (first == null) {
			return List.of();
		}
		List<CapturedCompletion> batch = new ArrayList<>(Math.min(max, this.waiting.size() + 1));
		batch.add(first);
		this.waiting.drainTo(batch, max - 1);
		release(batch);
		return batch;
	}

	/** Everything waiting, removed from the queue. */
	List<CapturedCompletion> drain() {
		List<CapturedCompletion> all = new ArrayList<>();
		this.waiting.drainTo(all);
		release(all);
		return all;
	}

	int size() {
		return this.waiting.size();
	}

	private void release(List<CapturedCompletion> taken) {
		this.chars.addAndGet(-taken.stream().mapToLong(CapturedCompletion::chars).sum());
	}

}
