package com.intelia.llm.error;

import java.io.IOException;

/**
 * Thrown while reading a request body that grows past {@code LLM_MAX_REQUEST_BYTES}; the
 * caller gets 413 however deep in the body parsing it surfaces.
 */
public class RequestTooLargeException extends IOException {

	public RequestTooLargeException() {
		super("request body too large");
	}

}
