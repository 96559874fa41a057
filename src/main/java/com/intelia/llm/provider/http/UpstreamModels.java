package com.intelia.llm.provider.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.intelia.llm.provider.UpstreamHttpException;
import com.intelia.llm.provider.UpstreamModel;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET {base}/models} on an OpenAI-compatible upstream: the check that it serves,
 * without a billed completion, and how vLLM's single model is found.
 */
public final class UpstreamModels {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final UpstreamEndpoint endpoint;

	private final UpstreamHttpClient http;

	private final Duration timeout;

	/**
	 * Lists the models of this endpoint.
	 * @param endpoint the upstream
	 * @param http the transport to use
	 */
	public UpstreamModels(UpstreamEndpoint endpoint, UpstreamHttpClientBuilder http) {
		this.endpoint = endpoint;
		this.http = http.client();
		// A start-up check must not hang on a server that accepts and never answers.
		this.timeout = http.connectTimeout().plusSeconds(10);
	}

	/**
	 * The ids the upstream lists.
	 * @return the model ids, in the upstream's order
	 * @throws RuntimeException if the upstream cannot be reached or refuses
	 */
	public List<String> ids() {
		return list().stream().map(UpstreamModel::id).toList();
	}

	/**
	 * The models the upstream lists, with vLLM's {@code parent} for LoRA adapters.
	 * @return the models, in the upstream's order
	 * @throws RuntimeException if the upstream cannot be reached or refuses
	 */
	public List<UpstreamModel> list() {
		HttpRequest.Builder request = HttpRequest.builder()
			.method(HttpMethod.GET)
			.url(this.endpoint.baseUrl(), "models")
			.addHeader("Accept", "application/json");
		if (this.endpoint.apiKey() != null) {
			request.addHeader("Authorization", "Bearer " + this.endpoint.apiKey());
		}
		String body = this.http.send(request.build(), this.timeout).body();
		JsonNode data = JSON.readTree(body).path("data");
		if (!data.isArray()) {
			throw new IllegalStateException("the answer is not a model list (no \"data\" array)");
		}
		List<UpstreamModel> models = new ArrayList<>();
		for (JsonNode model : data) {
			if (model.path("id").isString()) {
				JsonNode parent = model.path("parent");
				models.add(new UpstreamModel(model.get("id").asString(), parent.isString() ? parent.asString() : null));
			}
		}
		return models;
	}

	/**
	 * Why a listing failed, in a few words fit for a start-up message: the status and the
	 * start of the body, or the innermost cause.
	 * @param failure what {@link #ids()} threw
	 * @return a short explanation
	 */
	public static String why(RuntimeException failure) {
		if (failure instanceof UpstreamHttpException http) {
			String body = (http.getMessage() != null) ? http.getMessage().strip().replaceAll("\\s+", " ") : "";
			return "HTTP " + http.statusCode()
					+ ((body.length() > 200) ? " " + body.substring(0, 200) + "…" : " " + body);
		}
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
				: cause.getClass().getSimpleName();
	}

	/**
	 * What was asked, for failure messages; never the key.
	 * @return the method and URL
	 */
	public String describe() {
		return "GET " + this.endpoint.baseUrl() + "/models";
	}

}
