package com.intelia.llm.access;

/**
 * An accepted key, kept only as its SHA-256 digest, and the name that stands for it in
 * logs and metrics.
 *
 * @param name the key's name
 * @param digest the SHA-256 digest of the key
 */
record ApiKey(String name, byte[] digest) {

	@Override
	public String toString() {
		return "ApiKey[" + this.name + "]";
	}

}
