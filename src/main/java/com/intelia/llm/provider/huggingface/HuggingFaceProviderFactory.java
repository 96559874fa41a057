package com.intelia.llm.provider.huggingface;

import java.time.Duration;

import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderFactory;
import com.intelia.llm.provider.UpstreamSettings;
import com.intelia.llm.provider.http.OpenAiCompatibleProvider;
import com.intelia.llm.provider.http.UpstreamEndpoint;
import com.intelia.llm.provider.http.UpstreamHttpClientBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * HuggingFace's OpenAI-compatible router (or an Inference Endpoint). The model name goes
 * upstream as configured, so router suffixes such as {@code :fastest} keep working.
 */
@Component
class HuggingFaceProviderFactory implements ProviderFactory {

	private final HuggingFaceProperties properties;

	private final LlmProperties llm;

	HuggingFaceProviderFactory(HuggingFaceProperties properties, LlmProperties llm) {
		this.properties = properties;
		this.llm = llm;
	}

	@Override
	public String id() {
		return "huggingface";
	}

	@Override
	public LlmProvider create() {
		String key = checkedKey(this.properties.apiKey());
		if (this.properties.model().isBlank()) {
			throw new IllegalStateException(
					"HUGGINGFACE_MODEL is empty; set it to a model id such as meta-llama/Llama-3.1-8B-Instruct.");
		}
		UpstreamEndpoint endpoint = new UpstreamEndpoint(UpstreamEndpoint.checkedUrl(this.properties.baseUrl(),
				"HUGGINGFACE_BASE_URL", "leave it unset for https://router.huggingface.co/v1"), key);
		UpstreamHttpClientBuilder http = new UpstreamHttpClientBuilder(
				Duration.ofSeconds(this.llm.timeouts().connectSeconds()));
		UpstreamSettings settings = new UpstreamSettings(id(), endpoint.baseUrl(), "HUGGINGFACE_BASE_URL",
				"HUGGINGFACE_API_KEY", true);
		return new OpenAiCompatibleProvider(id(), endpoint, this.properties.model().strip(), settings,
				HuggingFaceErrors::explain, http);
	}

	/** The key, checked without ever being repeated in a message. */
	private static String checkedKey(@Nullable String key) {
		if (key == null || key.isBlank()) {
			throw new IllegalStateException("HUGGINGFACE_API_KEY is not set. Set it to a HuggingFace access token"
					+ " (hf_…), or choose another provider with LLM_PROVIDER (vllm, simulator).");
		}
		if (!key.strip().startsWith("hf_")) {
			throw new IllegalStateException("HUGGINGFACE_API_KEY does not look like a HuggingFace access token:"
					+ " tokens start with 'hf_'. Check the value (it is not shown here).");
		}
		return key.strip();
	}

}
