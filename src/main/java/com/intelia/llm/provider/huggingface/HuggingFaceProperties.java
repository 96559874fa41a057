package com.intelia.llm.provider.huggingface;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the HuggingFace provider. They are checked when the provider is built, not
 * at binding, so that an unused provider never stops start-up.
 *
 * @param apiKey the HuggingFace access token, sent as a Bearer token
 * ({@code HUGGINGFACE_API_KEY})
 * @param model the upstream model, router suffixes such as {@code :fastest} included
 * ({@code HUGGINGFACE_MODEL})
 * @param baseUrl the OpenAI-compatible API root: the router, or a dedicated Inference
 * Endpoint ({@code HUGGINGFACE_BASE_URL})
 */
@ConfigurationProperties("llm.huggingface")
public record HuggingFaceProperties(@Nullable String apiKey,
		@DefaultValue("meta-llama/Llama-3.1-8B-Instruct") String model,
		@DefaultValue("https://router.huggingface.co/v1") String baseUrl) {

	@Override
	public String toString() {
		return "HuggingFaceProperties[apiKey=" + ((this.apiKey == null || this.apiKey.isBlank()) ? "none" : "***")
				+ ", model=" + this.model + ", baseUrl=" + this.baseUrl + "]";
	}

}
