package com.intelia.llm.provider.vllm;

import java.time.Duration;
import java.util.List;

import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.provider.HttpErrorExplainer;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderFactory;
import com.intelia.llm.provider.UpstreamKeys;
import com.intelia.llm.provider.UpstreamKind;
import com.intelia.llm.provider.UpstreamSettings;
import com.intelia.llm.provider.UpstreamSpec;
import com.intelia.llm.provider.http.OpenAiCompatibleProvider;
import com.intelia.llm.provider.http.UpstreamEndpoint;
import com.intelia.llm.provider.http.UpstreamHttpClientBuilder;
import com.intelia.llm.provider.http.UpstreamModels;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * vLLM's OpenAI-compatible server. {@code LLM_PROVIDER=vllm VLLM_URL=http://gpu:8000} is
 * the whole configuration when the server serves one model.
 */
@Component
class VllmProviderFactory implements ProviderFactory, UpstreamKind {

	private final VllmProperties properties;

	private final LlmProperties llm;

	private final Environment environment;

	VllmProviderFactory(VllmProperties properties, LlmProperties llm, Environment environment) {
		this.properties = properties;
		this.llm = llm;
		this.environment = environment;
	}

	@Override
	public String id() {
		return "vllm";
	}

	@Override
	public String kind() {
		return id();
	}

	/**
	 * A vLLM server the models file names, serving a base model and LoRA adapters beside
	 * it; its aliases give {@code upstream-model}, which start-up checks against its
	 * list.
	 */
	@Override
	public LlmProvider create(UpstreamSpec spec) {
		String root = UpstreamEndpoint.checkedUrl(UpstreamKeys.url(spec, "http://gpu-server:8000"), spec.urlSetting(),
				"set it like http://gpu-server:8000");
		UpstreamEndpoint endpoint = new UpstreamEndpoint(root.endsWith("/v1") ? root : root + "/v1",
				UpstreamKeys.read(spec, this.environment));
		UpstreamSettings settings = new UpstreamSettings(id(), endpoint.baseUrl(), spec.urlSetting(), spec.apiKeyEnv(),
				endpoint.apiKey() != null);
		return new OpenAiCompatibleProvider(spec.name(), endpoint, (spec.model() != null) ? spec.model().strip() : "",
				settings, HttpErrorExplainer.NONE,
				new UpstreamHttpClientBuilder(Duration.ofSeconds(this.llm.timeouts().connectSeconds())));
	}

	@Override
	public LlmProvider create() {
		UpstreamEndpoint endpoint = new UpstreamEndpoint(apiRoot(this.properties.url()), this.properties.apiKey());
		UpstreamHttpClientBuilder http = new UpstreamHttpClientBuilder(
				Duration.ofSeconds(this.llm.timeouts().connectSeconds()));
		String model = this.properties.model();
		if (model == null || model.isBlank()) {
			model = discover(endpoint, http);
		}
		UpstreamSettings settings = new UpstreamSettings(id(), endpoint.baseUrl(), "VLLM_URL", "VLLM_API_KEY",
				endpoint.apiKey() != null);
		return new OpenAiCompatibleProvider(id(), endpoint, model.strip(), settings, HttpErrorExplainer.NONE, http);
	}

	/**
	 * The API root: vLLM serves under {@code /v1}, which operators may or may not write.
	 */
	static String apiRoot(String url) {
		String root = UpstreamEndpoint.checkedUrl(url, "VLLM_URL", "set it like http://gpu-server:8000");
		return root.endsWith("/v1") ? root : root + "/v1";
	}

	private static String discover(UpstreamEndpoint endpoint, UpstreamHttpClientBuilder http) {
		UpstreamModels models = new UpstreamModels(endpoint, http);
		List<String> ids;
		try {
			ids = models.ids();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("VLLM_MODEL is not set and the vLLM server's model list could not be read ("
					+ models.describe() + ": " + UpstreamModels.why(ex)
					+ "). Set VLLM_MODEL to the model vLLM serves, and check VLLM_URL.", ex);
		}
		if (ids.size() != 1) {
			throw new IllegalStateException("VLLM_MODEL is not set and the vLLM server lists " + ids.size() + " models "
					+ ids + " at " + models.describe() + "; set VLLM_MODEL to the one this service should use.");
		}
		return ids.get(0);
	}

}
