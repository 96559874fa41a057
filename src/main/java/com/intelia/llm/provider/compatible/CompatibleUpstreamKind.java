package com.intelia.llm.provider.compatible;

import java.time.Duration;

import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.provider.HttpErrorExplainer;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.UpstreamKeys;
import com.intelia.llm.provider.UpstreamKind;
import com.intelia.llm.provider.UpstreamSettings;
import com.intelia.llm.provider.UpstreamSpec;
import com.intelia.llm.provider.http.OpenAiCompatibleProvider;
import com.intelia.llm.provider.http.UpstreamEndpoint;
import com.intelia.llm.provider.http.UpstreamHttpClientBuilder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code kind: openai}: an OpenAI-compatible server at the declared URL, taken as given
 * (the API root, before {@code /chat/completions}), with the key from {@code api-key-env}
 * if it takes one.
 */
@Component
class CompatibleUpstreamKind implements UpstreamKind {

	private final LlmProperties llm;

	private final Environment environment;

	CompatibleUpstreamKind(LlmProperties llm, Environment environment) {
		this.llm = llm;
		this.environment = environment;
	}

	@Override
	public String kind() {
		return "openai";
	}

	@Override
	public LlmProvider create(UpstreamSpec spec) {
		String url = UpstreamEndpoint.checkedUrl(UpstreamKeys.url(spec, "http://tgi:8080/v1"), spec.urlSetting(),
				"set it to the server's OpenAI API root, such as http://tgi:8080/v1");
		UpstreamEndpoint endpoint = new UpstreamEndpoint(url, UpstreamKeys.read(spec, this.environment));
		UpstreamSettings settings = new UpstreamSettings(kind(), endpoint.baseUrl(), spec.urlSetting(),
				spec.apiKeyEnv(), endpoint.apiKey() != null);
		return new OpenAiCompatibleProvider(spec.name(), endpoint, (spec.model() != null) ? spec.model().strip() : "",
				settings, HttpErrorExplainer.NONE,
				new UpstreamHttpClientBuilder(Duration.ofSeconds(this.llm.timeouts().connectSeconds())));
	}

}
