package com.intelia.llm.support;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenAI's error envelope, as the tests check it on a gateway's answer. */
public final class OpenAiErrors {

	private OpenAiErrors() {
	}

	/**
	 * The {@code error} object, after checking the envelope: a body of that one key, and
	 * an object of exactly message, type, param and code, message and type as strings.
	 */
	public static JsonNode assertEnvelope(HttpResponse<String> response) {
		JsonNode body = GatewayClient.JSON.readTree(response.body());
		assertThat(body.propertyNames()).as("keys of %s", response.body()).containsExactly("error");
		JsonNode error = body.get("error");
		assertThat(fieldNames(error)).containsExactlyInAnyOrder("message", "type", "param", "code");
		assertThat(error.get("message").isString()).isTrue();
		assertThat(error.get("type").isString()).isTrue();
		return error;
	}

	/**
	 * Whether a body has an {@code error} object of exactly message, type, param and
	 * code, message and type as strings.
	 */
	public static boolean isEnvelope(String body) {
		try {
			JsonNode error = GatewayClient.JSON.readTree(body).get("error");
			return error != null && fieldNames(error).size() == 4 && error.get("message").isString()
					&& error.get("type").isString() && error.has("param") && error.has("code");
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().iterator().forEachRemaining(names::add);
		return names;
	}

}
