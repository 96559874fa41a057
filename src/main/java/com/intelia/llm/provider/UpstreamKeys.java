package com.intelia.llm.provider;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Reads a named upstream's key from the environment variable its declaration names: keys
 * never live in the models file. Messages name the variable, never its value.
 */
public final class UpstreamKeys {

	private UpstreamKeys() {
	}

	/**
	 * The key, or null when the declaration names no variable.
	 * @throws IllegalStateException when the named variable is not set
	 */
	public static @Nullable String read(UpstreamSpec spec, Environment environment) {
		if (spec.apiKeyEnv() == null || spec.apiKeyEnv().isBlank()) {
			return null;
		}
		String key = environment.getProperty(spec.apiKeyEnv().strip());
		if (key == null || key.isBlank()) {
			throw new IllegalStateException(spec.source() + " takes its key from api-key-env " + spec.apiKeyEnv()
					+ ", which is not set. Set " + spec.apiKeyEnv() + " in the service's environment, or remove"
					+ " api-key-env if the upstream takes no key.");
		}
		return key.strip();
	}

	/** The URL a declaration must give. */
	public static String url(UpstreamSpec spec, String example) {
		if (spec.url() == null || spec.url().isBlank()) {
			throw new IllegalStateException(spec.source() + " has no url; give it, like url: " + example + ".");
		}
		return spec.url();
	}

}
