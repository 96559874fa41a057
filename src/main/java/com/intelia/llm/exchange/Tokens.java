package com.intelia.llm.exchange;

/**
 * Token counts of one answer, as the upstream reported them.
 *
 * @param prompt tokens in the prompt
 * @param completion tokens in the answer
 */
public record Tokens(long prompt, long completion) {

	/** Both counts together. */
	public long total() {
		return this.prompt + this.completion;
	}

}
