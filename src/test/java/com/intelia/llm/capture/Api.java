package com.intelia.llm.capture;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.intelia.llm.support.GatewayClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls the running gateway with a key, and checks OpenAI's error envelope. */
final class Api {

	private final GatewayClient client;

	private final String base;

	Api(int port) {
		this.client = new GatewayClient(port);
		this.base = "http://127.0.0.1:" + port;
	}

	HttpResponse<String> get(String path, String key) {
		return this.client.send(withKey(HttpRequest.newBuilder(URI.create(this.base + path)).GET(), key));
	}

	HttpResponse<String> post(String path, String key, String json) {
		return this.client.send(withKey(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)), key));
	}

	HttpResponse<String> delete(String path, String key) {
		return this.client.send(withKey(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE(), key));
	}

	HttpResponse<String> chat(String key) {
		return post("/v1/chat/completions", key, """
				{"model":"intelia-llama-3.1-8b-aviculture","messages":[{"role":"user","content":"Bonjour"}]}""");
	}

	/**
	 * The {@code error} object, after checking the envelope has exactly its four keys.
	 */
	static JsonNode error(HttpResponse<String> response) {
		JsonNode body = CaptureRig.JSON.readTree(response.body());
		assertThat(body.propertyNames()).containsExactly("error");
		assertThat(body.get("error").propertyNames()).containsExactlyInAnyOrder("message", "type", "param", "code");
		return body.get("error");
	}

	private static HttpRequest.Builder withKey(HttpRequest.Builder request, String key) {
		return (key == null) ? request : request.header("Authorization", "Bearer " + key);
	}

}
