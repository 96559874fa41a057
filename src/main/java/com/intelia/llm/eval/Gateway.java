package com.intelia.llm.eval;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running gateway, seen as its callers see it: OpenAI's chat endpoint with the
 * {@code prompt} extension, and {@code GET /v1/prompts/{id}}. The API key, when there is
 * one, goes in the Authorization header and nowhere else.
 */
final class Gateway {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final URI base;

	private final @Nullable String apiKey;

	private final Duration timeout;

	Gateway(URI base, @Nullable String apiKey, Duration timeout) {
		this.base = base;
		this.apiKey = (apiKey != null && !apiKey.isBlank()) ? apiKey : null;
		this.timeout = timeout;
	}

	/**
	 * A prompt version as the gateway serves it.
	 *
	 * @param version such as {@code v3}
	 * @param variables the names of its variables
	 */
	record PromptVersion(String version, Set<String> variables) {
	}

	/**
	 * The version to pin and its variables: the one asked for, or the latest.
	 * @throws IllegalStateException when the gateway cannot be asked or does not know it
	 */
	PromptVersion version(String prompt, @Nullable String version) {
		HttpResponse<String> response = send(request("/v1/prompts/" + prompt).GET().build(), "GET /v1/prompts");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET /v1/prompts/" + prompt + " answered " + response.statusCode() + ": "
					+ errorMessage(response.body()));
		}
		JsonNode detail = JSON.readTree(response.body());
		String wanted = (version != null) ? version : detail.get("latest_version").asString();
		for (JsonNode candidate : detail.get("versions")) {
			if (candidate.get("version").asString().equals(wanted)) {
				return new PromptVersion(wanted, Set.copyOf(candidate.get("variables").findValuesAsString("name")));
			}
		}
		throw new IllegalStateException("Prompt '" + prompt + "' has no version " + wanted + " on " + this.base + ".");
	}

	/** Sends one case, pinned to a version, with only the variables that version has. */
	Answer ask(String model, String prompt, PromptVersion pinned, EvalCase testCase, int maxTokens,
			double temperature) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("model", model);
		body.put("messages", messages(testCase));
		body.put("max_tokens", maxTokens);
		body.put("temperature", temperature);
		Map<String, String> variables = new LinkedHashMap<>(testCase.variables());
		variables.keySet().retainAll(pinned.variables());
		Map<String, Object> selection = new LinkedHashMap<>();
		selection.put("id", prompt);
		selection.put("version", pinned.version());
		selection.put("variables", variables);
		body.put("prompt", selection);
		HttpRequest request = request("/v1/chat/completions").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
		try {
			return answer(this.http.send(request, HttpResponse.BodyHandlers.ofString()));
		}
		catch (HttpTimeoutException ex) {
			return Answer.failed(0, "no answer within " + this.timeout.toSeconds() + " s (--timeout-seconds)");
		}
		catch (IOException ex) {
			return Answer.failed(0, "request failed: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Answer.failed(0, "interrupted");
		}
	}

	/** The Context first, as ai-service sends it, then the conversation. */
	private static List<EvalCase.Message> messages(EvalCase testCase) {
		List<EvalCase.Message> messages = new ArrayList<>();
		testCase.context().forEach((context) -> messages.add(new EvalCase.Message("system", context)));
		messages.addAll(testCase.messages());
		return messages;
	}

	private static Answer answer(HttpResponse<String> response) {
		String version = response.headers().firstValue("X-Prompt-Version").orElse(null);
		if (response.statusCode() != 200) {
			return new Answer(response.statusCode(), version, null, "", errorMessage(response.body()));
		}
		JsonNode body;
		try {
			body = JSON.readTree(response.body());
		}
		catch (RuntimeException ex) {
			return new Answer(200, version, null, "", "the response is not JSON");
		}
		JsonNode content = body.path("choices").path(0).path("message").path("content");
		String model = body.path("model").isString() ? body.get("model").asString() : null;
		return new Answer(200, version, model, content.isString() ? content.asString() : "", null);
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(this.timeout);
		if (this.apiKey != null) {
			builder.header("Authorization", "Bearer " + this.apiKey);
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest request, String what) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (ConnectException ex) {
			throw new IllegalStateException("Cannot reach the gateway at " + this.base + " (" + what + ").");
		}
		catch (IOException ex) {
			throw new IllegalStateException(what + " on " + this.base + " failed: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted");
		}
	}

	private static String errorMessage(String body) {
		try {
			JsonNode error = JSON.readTree(body).path("error");
			return error.path("message").isString() ? error.get("message").asString() : body;
		}
		catch (RuntimeException ex) {
			return (body.length() > 200) ? body.substring(0, 200) + "…" : body;
		}
	}

}
