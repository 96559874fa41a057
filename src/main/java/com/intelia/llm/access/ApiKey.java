package com.intelia.llm.access;

/**
 * An accepted key, kept only as its SHA-256 digest, and the name that stands for it in
 * logs and metrics.
 *
 * @param name the key's name
 * @param digest the SHA-256 digest of the key
 * @param capture whether the key's chats are captured for fine-tuning regardless of
 * {@code LLM_CAPTURE}
 */
record ApiKey(String name, byte[] digest, Capture capture) {

	@Override
	public String toString() {
		return "ApiKey[" + this.name + "]";
	}

	/** The key's own capture setting, written {@code capture=always|never}. */
	enum Capture {

		/** Follows {@code LLM_CAPTURE}. */
		DEFAULT,

		/** Captured even when {@code LLM_CAPTURE} is off. */
		ALWAYS,

		/** Never captured, even when {@code LLM_CAPTURE} is on. */
		NEVER

	}

}
