package com.intelia.llm.capture;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a chat completion is captured for fine-tuning, and accepts it. Both
 * methods are fast, never block and never throw: capture must not slow, fail or hold up a
 * chat request.
 */
public interface Capture {

	/**
	 * Whether completions of this caller are captured: {@code LLM_CAPTURE=on}, unless the
	 * key is marked {@code capture=never}, or a key marked {@code capture=always}. No
	 * I/O.
	 * @param keyName the caller's API key name, or null when keys are off
	 * @return whether to build and {@link #offer} the completion
	 */
	boolean enabledFor(@Nullable String keyName);

	/**
	 * Hands a finished, successful completion over for storage. It goes through a bounded
	 * queue to a writer thread; when the queue is full or the database is down, it is
	 * dropped and counted ({@code llm_capture_records_total}). Nothing is captured for a
	 * caller {@link #enabledFor} refuses.
	 * @param completion what to store; redacted before anything is written
	 */
	void offer(CapturedCompletion completion);

	/**
	 * Like {@link #offer(CapturedCompletion)}, but builds the completion only if it can
	 * be taken: when the queue is full or the database is down, the drop is counted and
	 * {@code completion} is never called. At saturation most completions are dropped, and
	 * building each (serialising the messages and the answer) would be work for nothing
	 * on the request's thread.
	 * @param keyName the caller's API key name, or null when keys are off
	 * @param completion builds what to store
	 */
	void offer(@Nullable String keyName, Supplier<CapturedCompletion> completion);

}
