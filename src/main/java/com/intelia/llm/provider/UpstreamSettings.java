package com.intelia.llm.provider;

import org.jspecify.annotations.Nullable;

/**
 * Where an upstream points and which settings say so, so that a failure can name what an
 * operator should fix. Never holds a secret: only whether a key is set.
 *
 * @param kind the kind of upstream ({@code vllm}, {@code huggingface}, {@code openai},
 * {@code simulator}...)
 * @param url where it answers, or {@code in-process}
 * @param urlSetting the setting that holds the URL: an environment variable such as
 * {@code VLLM_URL}, or an entry of the models file
 * @param keySetting the setting that holds its key, or null if it takes none
 * @param keySet whether a key is set
 */
public record UpstreamSettings(String kind, String url, String urlSetting, @Nullable String keySetting,
		boolean keySet) {

	/** The settings of a model that answers in-process. */
	public static UpstreamSettings inProcess(String kind) {
		return new UpstreamSettings(kind, "in-process", "LLM_PROVIDER", null, false);
	}

	/** The host of the URL, or the URL itself when it has none. */
	public String host() {
		try {
			String host = java.net.URI.create(this.url).getHost();
			return (host != null) ? host : this.url;
		}
		catch (IllegalArgumentException ex) {
			return this.url;
		}
	}

}
