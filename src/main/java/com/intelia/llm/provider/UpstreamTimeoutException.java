package com.intelia.llm.provider;

/**
 * The upstream took longer than a configured limit: the whole answer, the first token, or
 * the gap between two stream events.
 */
public class UpstreamTimeoutException extends RuntimeException {

	private final String limit;

	public UpstreamTimeoutException(String limit, String message) {
		super(message, null, false, false);
		this.limit = limit;
	}

	/** Which limit was hit: {@code total}, {@code first_token} or {@code idle}. */
	public String limit() {
		return this.limit;
	}

}
