package com.intelia.llm.provider.huggingface;

import java.time.Duration;

import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderFactory;
import com.intelia.llm.provider.UpstreamKeys;
import com.intelia.llm.provider.UpstreamKind;
import com.intelia.llm.provider.UpstreamSettings;
import com.intelia.llm.provider.UpstreamSpec;
import com.intelia.llm.provider.http.OpenAiCompatibleProvider;
import com.intelia.llm.provider.http.UpstreamEndpoint;
import com.intelia.llm.provider.http.UpstreamHttpClientBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * HuggingFace's OpenAI-compatible router (or an Inference Endpoint). The model name goes
 * upstream as configured, so router suffixes such as {@code :fastest} keep working.
 */
@Component
class HuggingFaceProviderFactory implements ProviderFactory, UpstreamKind {

	private final HuggingFaceProperties properties;

	private final LlmProperties llm;

	private final Environment environment;

	HuggingFaceProviderFactory(HuggingFaceProperties properties, LlmProperties llm, Environment environment) {
		this.properties = properties;
		this.llm = llm;
		this.environment = environment;
	}

	@Override
	public String kind() {
		return id();
	}

	/**
	 * A HuggingFace upstream the models file names, usually a dedicated Inference
	 * Endpoint serving a fine-tune
	 * ({@code https://<name>.<region>.<cloud>.endpoints.huggingface.cloud/v1}). Its key
	 * comes from {@code api-key-env}, else {@code HUGGINGFACE_API_KEY}. An endpoint
	 * scaled to zero answers 503 while it wakes, which is waited out within the timeout.
	 */
	@Override
	public LlmProvider create(UpstreamSpec spec) {
		String url = UpstreamEndpoint.checkedUrl(
				UpstreamKeys.url(spec, "https://my-endpoint.us-east-1.aws.endpoints.huggingface.cloud/v1"),
				spec.urlSetting(), "set it to the endpoint's OpenAI-compatible base URL, ending in /v1");
		String keyVariable = (spec.apiKeyEnv() != null) ? spec.apiKeyEnv() : "HUGGINGFACE_API_KEY";
		String key = checkedKey(
				(spec.apiKeyEnv() != null) ? UpstreamKeys.read(spec, this.environment) : this.properties.apiKey(),
				keyVariable);
		UpstreamEndpoint endpoint = new UpstreamEndpoint(url, key);
		UpstreamSettings settings = new UpstreamSettings(id(), endpoint.baseUrl(), spec.urlSetting(), keyVariable,
				true);
		return new OpenAiCompatibleProvider(spec.name(), endpoint,
				(spec.model() != null) ? spec.model().strip() : "tgi", settings, HuggingFaceErrors::explain,
				new UpstreamHttpClientBuilder(Duration.ofSeconds(this.llm.timeouts().connectSeconds()))
					.coldStartOn503());
	}

	@Override
	public String id() {
		return "huggingface";
	}

	@Override
	public LlmProvider create() {
		String key = checkedKey(this.properties.apiKey(), "HUGGINGFACE_API_KEY");
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
	private static String checkedKey(@Nullable String key, String variable) {
		if (key == null || key.isBlank()) {
			throw new IllegalStateException(variable + " is not set. Set it to a HuggingFace access token"
					+ " (hf_…), or choose another provider with LLM_PROVIDER (vllm, simulator).");
		}
		if (!key.strip().startsWith("hf_")) {
			throw new IllegalStateException(variable + " does not look like a HuggingFace access token:"
					+ " tokens start with 'hf_'. Check the value (it is not shown here).");
		}
		return key.strip();
	}

}
