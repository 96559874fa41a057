package com.intelia.llm.provider.vllm;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the vLLM provider. They are checked when the provider is built, not at
 * binding, so that an unused provider never stops start-up.
 *
 * @param url the vLLM server, with or without {@code /v1} ({@code VLLM_URL})
 * @param model the model vLLM serves ({@code VLLM_MODEL}); when empty, the single model
 * the server lists is used
 * @param apiKey the key vLLM was started with ({@code --api-key}), if any
 * ({@code VLLM_API_KEY})
 */
@ConfigurationProperties("llm.vllm")
public record VllmProperties(@DefaultValue("http://localhost:8000") String url, @Nullable String model,
		@Nullable String apiKey) {

	@Override
	public String toString() {
		return "VllmProperties[url=" + this.url + ", model=" + this.model + ", apiKey="
				+ ((this.apiKey == null || this.apiKey.isBlank()) ? "none" : "***") + "]";
	}

}
