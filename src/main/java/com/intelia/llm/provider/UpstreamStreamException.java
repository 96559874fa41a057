package com.intelia.llm.provider;

/**
 * A stream that failed after it began: an {@code error} event, or a connection that
 * closed before {@code [DONE]}. LangChain4j alone would report some of these as a
 * complete answer.
 */
public class UpstreamStreamException extends RuntimeException {

	public UpstreamStreamException(String message) {
		super(message, null, false, false);
	}

}
