package com.intelia.llm.provider;

import com.intelia.llm.error.Causes;

/**
 * The caller of an upstream call left before its answer started, and the call was
 * cancelled. Not an upstream failure: never retried, never counted against an upstream's
 * circuit, never explained as an upstream error.
 */
public final class ClientGone extends RuntimeException {

	/**
	 * nginx's "client closed request": what the access log and metrics record, since no
	 * status reached the client.
	 */
	public static final int STATUS = 499;

	public ClientGone() {
		super("The client closed the connection before the answer started.", null, false, false);
	}

	/** Whether {@code failure} is, or was caused by, a client that left. */
	public static boolean in(Throwable failure) {
		return Causes.has(failure, ClientGone.class);
	}

}
