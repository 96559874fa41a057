package com.intelia.llm.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.langchain4j.model.chat.response.StreamingHandle;
import org.jspecify.annotations.Nullable;

/**
 * The cancel handle of one upstream call, live from the moment the call starts.
 * LangChain4j hands out a {@code StreamingHandle} only after the first token, so a client
 * that leaves earlier could not stop the upstream; transports register here instead,
 * through {@link #current()}, while the model call runs on the caller's thread.
 */
public final class CallContext {

	private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final List<Runnable> cancellers = new ArrayList<>();

	private volatile boolean cancelled;

	/** The context bound to this thread, or a detached one if none is. */
	public static CallContext current() {
		CallContext context = CURRENT.get();
		return (context != null) ? context : new CallContext();
	}

	/** Runs {@code action} with this context bound to the current thread. */
	public <T> T bind(Supplier<T> action) {
		@Nullable CallContext previous = CURRENT.get();
		CURRENT.set(this);
		try {
			return action.get();
		}
		finally {
			if (previous == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(previous);
			}
		}
	}

	/** Runs {@code action} with this context bound to the current thread. */
	public void run(Runnable action) {
		bind(() -> {
			action.run();
			return null;
		});
	}

	/**
	 * Registers what to do on cancel. If the call was already cancelled, it runs at once,
	 * so a cancel that races the start of a call is never lost.
	 */
	public void onCancel(Runnable canceller) {
		this.lock.lock();
		try {
			if (!this.cancelled) {
				this.cancellers.add(canceller);
				return;
			}
		}
		finally {
			this.lock.unlock();
		}
		canceller.run();
	}

	/** Cancels the call: every registered canceller runs once. */
	public void cancel() {
		List<Runnable> toRun;
		this.lock.lock();
		try {
			if (this.cancelled) {
				return;
			}
			this.cancelled = true;
			toRun = List.copyOf(this.cancellers);
			this.cancellers.clear();
		}
		finally {
			this.lock.unlock();
		}
		toRun.forEach(CallContext::runQuietly);
	}

	/**
	 * This context as LangChain4j's {@code StreamingHandle}, for in-process streaming
	 * models.
	 */
	public StreamingHandle streamingHandle() {
		return new StreamingHandle() {
			@Override
			public void cancel() {
				CallContext.this.cancel();
			}

			@Override
			public boolean isCancelled() {
				return CallContext.this.isCancelled();
			}
		};
	}

	/** Whether {@link #cancel()} was called. */
	public boolean isCancelled() {
		return this.cancelled;
	}

	private static void runQuietly(Runnable canceller) {
		try {
			canceller.run();
		}
		catch (RuntimeException ignored) {
			// Cancelling is best effort: a half-closed connection must not fail the
			// caller.
		}
	}

}
