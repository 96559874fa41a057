package com.intelia.llm.provider.openai;

import org.jspecify.annotations.Nullable;

/**
 * Where an OpenAI-compatible upstream answers, and the key it wants.
 *
 * @param baseUrl the API root, ending before {@code /chat/completions} (for example
 * {@code http://gpu:8000/v1}), without a trailing slash
 * @param apiKey the Bearer token, or null if the upstream takes none
 */
public record UpstreamEndpoint(String baseUrl, @Nullable String apiKey) {

	public UpstreamEndpoint {
		baseUrl = baseUrl.strip();
		while (baseUrl.endsWith("/")) {
			baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
		}
		apiKey = (apiKey == null || apiKey.isBlank()) ? null : apiKey.strip();
	}

	@Override
	public String toString() {
		return "UpstreamEndpoint[baseUrl=" + this.baseUrl + ", apiKey=" + ((this.apiKey != null) ? "***" : "none")
				+ "]";
	}

}
