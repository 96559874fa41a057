package com.intelia.llm.chat;

import com.intelia.llm.error.Causes;

/**
 * The client left before its answer started; the upstream call has been cancelled. Not an
 * upstream failure: never retried, never counted against a provider's circuit.
 */
final class ClientGone extends RuntimeException {

	/**
	 * nginx's "client closed request": what the access log and metrics record, since no
	 * status reached the client.
	 */
	static final int STATUS = 499;

	ClientGone() {
		super("The client closed the connection before the answer started.", null, false, false);
	}

	/** Whether {@code failure} is, or was caused by, a client that left. */
	static boolean in(Throwable failure) {
		return Causes.has(failure, ClientGone.class);
	}

}
