package com.intelia.llm.web;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;

/**
 * Runs what a filter does once a request has been answered: at once when the request
 * thread's answer is over, or when an asynchronous answer completes. A stream is relayed
 * asynchronously after its first token, so the filter chain returns while it still runs,
 * and what the request holds (a slot, its record) must be given back only at its end.
 */
public final class WhenAnswered {

	private WhenAnswered() {
	}

	/** Call after the chain returned, or threw. */
	public static void run(ServletRequest request, Runnable action) {
		if (!request.isAsyncStarted()) {
			action.run();
			return;
		}
		request.getAsyncContext().addListener(new AsyncListener() {

			@Override
			public void onComplete(AsyncEvent event) {
				action.run();
			}

			@Override
			public void onTimeout(AsyncEvent event) {
				// Completion follows.
			}

			@Override
			public void onError(AsyncEvent event) {
				// Completion follows.
			}

			@Override
			public void onStartAsync(AsyncEvent event) {
				// Started once.
			}

		});
	}

}
