package com.intelia.llm.provider;

import org.jspecify.annotations.Nullable;

/**
 * Tells whoever consumes a streamed answer when the transport has handed on every event
 * it already read and is about to wait for more bytes. A relay that writes each event to
 * its own client can then send what it wrote in one go at that moment, rather than once
 * per event, and a lone event still leaves at once.
 * <p>
 * The transport opens a batch on the thread that reads and calls the consumer's listeners
 * ({@link #open}), and marks each wait ({@link #waiting}). A consumer called on a thread
 * with no batch open, as the simulator's, has nobody to tell it, and sends each event as
 * it comes.
 */
public final class ReadBatch {

	private static final ThreadLocal<@Nullable ReadBatch> CURRENT = new ThreadLocal<>();

	private @Nullable Runnable beforeWait;

	private boolean closed;

	private ReadBatch() {
	}

	/**
	 * The batch open on this thread, or null if the transport reading here gives none.
	 */
	public static @Nullable ReadBatch current() {
		return CURRENT.get();
	}

	/**
	 * Opens a batch on this thread, for the transport: the caller must {@link #close} it
	 * on the same thread.
	 */
	public static ReadBatch open() {
		ReadBatch batch = new ReadBatch();
		CURRENT.set(batch);
		return batch;
	}

	/**
	 * For the consumer: runs {@code action} once, before the transport next waits, or at
	 * once if the transport has stopped reading.
	 */
	public void beforeWait(Runnable action) {
		this.beforeWait = action;
		if (this.closed) {
			waiting();
		}
	}

	/**
	 * For the transport: every event read so far was handed on, and the next read may
	 * wait. Runs what the consumer asked for, once; its failure is the consumer's own
	 * business and never stops the reading.
	 */
	public void waiting() {
		Runnable action = this.beforeWait;
		if (action != null) {
			this.beforeWait = null;
			try {
				action.run();
			}
			catch (RuntimeException ex) {
				// The consumer deals with its own client; the upstream is read on.
			}
		}
	}

	/** Closes the batch, for the transport, after a last {@link #waiting}. */
	public void close() {
		this.closed = true;
		waiting();
		CURRENT.remove();
	}

}
