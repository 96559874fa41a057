package com.intelia.llm.provider;

import org.jspecify.annotations.Nullable;

/**
 * A named upstream as the models file declares it. Never holds a key: only the name of
 * the environment variable that does.
 *
 * @param name the name aliases use, and the provider id in metrics and
 * {@code X-LLM-Provider}
 * @param kind {@code vllm}, {@code huggingface} or {@code openai} (any OpenAI-compatible
 * server)
 * @param url where it answers, or null if the file gives none (refused at start)
 * @param apiKeyEnv the environment variable holding its key, or null
 * @param model the upstream model for aliases that name none, or null
 * @param source the file and entry it comes from, for messages: {@code upstreams.gpu in
 * /etc/intelia-llm/models.yml}
 */
public record UpstreamSpec(String name, @Nullable String kind, @Nullable String url, @Nullable String apiKeyEnv,
		@Nullable String model, String source) {

	/** The setting that holds this upstream's URL, for messages. */
	public String urlSetting() {
		return this.source.replaceFirst("^(upstreams\\.[^ ]+)", "$1.url");
	}

}
