package com.intelia.llm.access;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A plain HTTP/1.1 client for the tests, and the check of OpenAI's error shape. */
final class Http {

	static final String MODEL = "intelia-llama-3.1-8b-aviculture";

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private Http() {
	}

	static String chat(String content, int maxTokens, boolean stream) {
		return """
				{"model":"%s","messages":[{"role":"user","content":"%s"}],"max_tokens":%d,"stream":%b}"""
			.formatted(MODEL, content, maxTokens, stream);
	}

	static HttpResponse<String> post(int port, String path, String body, String... headers) {
		return post(port, path, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20), headers);
	}

	static HttpResponse<String> post(int port, String path, byte[] body, Duration timeout, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	static HttpResponse<String> get(int port, String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(20))
			.GET();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	static HttpResponse<String> send(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("No answer to " + request.method() + " " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Asserts OpenAI's error envelope: exactly message, type, param and code. */
	static JsonNode assertOpenAiError(HttpResponse<String> response) {
		JsonNode error = JSON.readTree(response.body()).get("error");
		assertThat(error).as("error object in %s", response.body()).isNotNull();
		assertThat(fieldNames(error)).containsExactlyInAnyOrder("message", "type", "param", "code");
		assertThat(error.get("message").isString()).isTrue();
		assertThat(error.get("type").isString()).isTrue();
		return error;
	}

	static boolean isOpenAiError(String body) {
		try {
			JsonNode error = JSON.readTree(body).get("error");
			return error != null && fieldNames(error).size() == 4 && error.get("message").isString()
					&& error.get("type").isString() && error.has("param") && error.has("code");
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static List<String> fieldNames(JsonNode node) {
		java.util.ArrayList<String> names = new java.util.ArrayList<>();
		Iterator<String> it = node.propertyNames().iterator();
		it.forEachRemaining(names::add);
		return names;
	}

}
