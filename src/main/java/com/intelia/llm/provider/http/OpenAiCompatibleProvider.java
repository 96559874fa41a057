package com.intelia.llm.provider.http;

import java.util.List;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.provider.HttpErrorExplainer;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.UpstreamErrors;
import com.intelia.llm.provider.UpstreamModel;
import com.intelia.llm.provider.UpstreamSettings;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

/**
 * An OpenAI-compatible HTTP upstream served through LangChain4j's OpenAI models on the
 * gateway's transport. LangChain4j's retries are off (the gateway retries in one place)
 * and so is its request logging, which would print the key.
 */
public final class OpenAiCompatibleProvider implements LlmProvider {

	private final String id;

	private final UpstreamEndpoint endpoint;

	private final String model;

	private final UpstreamSettings settings;

	private final HttpErrorExplainer explainer;

	private final UpstreamHttpClientBuilder http;

	private final ChatModel chatModel;

	private final StreamingChatModel streamingChatModel;

	/**
	 * A provider for one upstream.
	 * @param id the provider id, as in {@code LLM_PROVIDER}
	 * @param endpoint where the upstream answers
	 * @param model the upstream model used when an alias names none
	 * @param settings which settings configure it, for messages
	 * @param explainer the provider's own reading of its upstream's error answers
	 * @param http the transport
	 */
	public OpenAiCompatibleProvider(String id, UpstreamEndpoint endpoint, String model, UpstreamSettings settings,
			HttpErrorExplainer explainer, UpstreamHttpClientBuilder http) {
		this.id = id;
		this.endpoint = endpoint;
		this.model = model;
		this.settings = settings;
		this.explainer = explainer;
		this.http = http;
		LangChain4jJson.tune();
		// Tools and response formats travel as the caller wrote them (custom parameters),
		// so
		// LangChain4j's model-level strictness switches never apply: one model of each
		// kind.
		this.chatModel = OpenAiChatModel.builder()
			.httpClientBuilder(http)
			.baseUrl(endpoint.baseUrl())
			.apiKey(endpoint.apiKey())
			.modelName(model)
			.maxRetries(0)
			.logRequests(false)
			.logResponses(false)
			.build();
		this.streamingChatModel = OpenAiStreamingChatModel.builder()
			.httpClientBuilder(http)
			.baseUrl(endpoint.baseUrl())
			.apiKey(endpoint.apiKey())
			.modelName(model)
			.logRequests(false)
			.logResponses(false)
			.build();
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String defaultUpstreamModel() {
		return this.model;
	}

	@Override
	public ChatModel chatModel() {
		return this.chatModel;
	}

	@Override
	public StreamingChatModel streamingChatModel() {
		return this.streamingChatModel;
	}

	@Override
	public boolean forwardsVendorParameters() {
		return true;
	}

	/**
	 * Lists the upstream's models with the configured key: reachable, key accepted, no
	 * completion billed.
	 */
	@Override
	public void probe() {
		UpstreamModels models = new UpstreamModels(this.endpoint, this.http);
		try {
			models.ids();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Provider '" + this.id + "' is not ready: " + models.describe()
					+ " failed: " + UpstreamModels.why(ex), ex);
		}
	}

	@Override
	public List<UpstreamModel> models() {
		return new UpstreamModels(this.endpoint, this.http).list();
	}

	@Override
	public UpstreamSettings settings() {
		return this.settings;
	}

	@Override
	public ApiException explain(Throwable failure, String upstreamModel) {
		return UpstreamErrors.explain(failure, this.settings, upstreamModel, this.explainer);
	}

	@Override
	public String toString() {
		return "OpenAiCompatibleProvider[id=" + this.id + ", endpoint=" + this.endpoint + ", model=" + this.model + "]";
	}

}
