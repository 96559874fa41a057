package com.intelia.llm.capture;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.intelia.llm.capture.CaptureDatabase.Connected;
import com.intelia.llm.capture.CaptureMetrics.Outcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The one thread that writes captures: it takes batches from the queue, redacts them and
 * inserts each batch in one transaction. When the database is down it drops what waits
 * and tries again every {@code retryInterval}. A platform thread, since SQLite's driver
 * works in native code, which would pin a virtual thread's carrier.
 */
final class CaptureWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CaptureWriter.class);

	/**
	 * How long a wait for the first completion of a batch lasts; bounds stopping time.
	 */
	private static final Duration POLL = Duration.ofMillis(200);

	/**
	 * The share of one core the writer may use: after each batch it rests 49 times as
	 * long as the batch took. On the benchmark machine this writes about 80 completions a
	 * second with the 11 KB aviculture prompt (redacting the prompt costs most) and 400
	 * to 800 without a domain prompt, still well above what a replica's model answers
	 * (about 5 a second for one GPU, docs/scaling.md); past that the queue fills and
	 * completions are dropped and counted, rather than the writer taking CPU from the
	 * answers. Without it, a gateway at full load lost a quarter of its throughput to the
	 * writer, and with 5% still about a tenth at one client (docs/performance.md).
	 */
	static final double CPU_SHARE = 0.02;

	private final boolean active;

	private final CaptureQueue queue;

	private final CaptureDatabase database;

	private final CaptureStore store;

	private final Redactor redactor;

	private final CaptureMetrics metrics;

	private final int batchSize;

	private final Duration retryInterval;

	private final double cpuShare;

	private final CountDownLatch stopping = new CountDownLatch(1);

	private volatile @Nullable Thread thread;

	/**
	 * A writer that keeps to {@link #CPU_SHARE}.
	 */
	CaptureWriter(boolean active, CaptureQueue queue, CaptureDatabase database, CaptureStore store, Redactor redactor,
			CaptureMetrics metrics, int batchSize, Duration retryInterval) {
		this(active, queue, database, store, redactor, metrics, batchSize, retryInterval, CPU_SHARE);
	}

	/**
	 * A writer that keeps to the given share of one core.
	 * @param cpuShare more than 0, at most 1 (1: never rests)
	 */
	CaptureWriter(boolean active, CaptureQueue queue, CaptureDatabase database, CaptureStore store, Redactor redactor,
			CaptureMetrics metrics, int batchSize, Duration retryInterval, double cpuShare) {
		if (!(cpuShare > 0 && cpuShare <= 1)) {
			throw new IllegalArgumentException("The writer's CPU share must be more than 0 and at most 1: " + cpuShare);
		}
		this.active = active;
		this.queue = queue;
		this.database = database;
		this.store = store;
		this.redactor = redactor;
		this.metrics = metrics;
		this.batchSize = batchSize;
		this.retryInterval = retryInterval;
		this.cpuShare = cpuShare;
	}

	@Override
	public void start() {
		if (this.active && this.thread == null) {
			this.thread = Thread.ofPlatform().name("capture-writer").daemon().start(this::run);
		}
	}

	/** Stops taking new work, writes what is queued if the database is up, and ends. */
	@Override
	public void stop() {
		Thread running = this.thread;
		this.stopping.countDown();
		if (running != null) {
			try {
				running.join(Duration.ofSeconds(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null && this.stopping.getCount() > 0;
	}

	/**
	 * Stops after the web server (lower phases stop later), so answers finished during
	 * the graceful shutdown are still written.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private void run() {
		try {
			while (this.stopping.getCount() > 0) {
				step();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		flush();
	}

	private void step() throws InterruptedException {
		Connected connected = this.database.available();
		if (connected == null) {
			this.metrics.dropped(Outcome.DROPPED_DATABASE_DOWN, this.queue.drain().size());
			this.stopping.await(this.retryInterval.toNanos(), TimeUnit.NANOSECONDS);
			return;
		}
		List<CapturedCompletion> batch = this.queue.take(this.batchSize, POLL);
		if (!batch.isEmpty()) {
			long started = System.nanoTime();
			write(connected, batch);
			// Yield to live traffic: rest long enough to stay within the writer's share.
			long spent = System.nanoTime() - started;
			this.stopping.await((long) (spent * (1 - this.cpuShare) / this.cpuShare), TimeUnit.NANOSECONDS);
		}
	}

	private void write(Connected connected, List<CapturedCompletion> batch) {
		try {
			this.store.insert(connected, batch.stream().map(this.redactor::apply).toList());
			this.metrics.count(Outcome.CAPTURED, batch.size());
		}
		catch (RuntimeException ex) {
			this.database.failed(ex);
			this.metrics.dropped(Outcome.DROPPED_DATABASE_DOWN, batch.size());
		}
	}

	private void flush() {
		List<CapturedCompletion> left = this.queue.drain();
		Connected connected = left.isEmpty() ? null : this.database.available();
		if (connected == null) {
			this.metrics.dropped(Outcome.DROPPED_DATABASE_DOWN, left.size());
			return;
		}
		for (int from = 0; from < left.size(); from += this.batchSize) {
			write(connected, left.subList(from, Math.min(left.size(), from + this.batchSize)));
		}
		log.debug("Capture writer stopped after writing {} queued completion(s).", left.size());
	}

}
