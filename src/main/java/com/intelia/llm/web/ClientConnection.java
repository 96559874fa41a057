package com.intelia.llm.web;

import jakarta.servlet.ServletRequest;

/**
 * Whether the client of a request that has not answered yet is still connected.
 *
 * <p>
 * A servlet container notices a closed connection only when it writes to it, and a
 * gateway waiting for an upstream's first token has nothing to write: committing a 200
 * early would take from the caller the real HTTP status of a failure. So the request's
 * own thread asks, between waits, with a non-blocking read of the idle connection. Only
 * that thread may ask, and only once the request body has been read.
 */
@FunctionalInterface
public interface ClientConnection {

	/** The answer where the server cannot tell: the client is taken to be there. */
	ClientConnection UNKNOWN = () -> false;

	/** Whether the client has closed or reset its connection. */
	boolean closed();

	/** The probe for a request, or {@link #UNKNOWN} if the server gave none. */
	static ClientConnection of(ServletRequest request) {
		return (request.getAttribute(ClientConnectionValve.ATTRIBUTE) instanceof ClientConnection probe) ? probe
				: UNKNOWN;
	}

}
