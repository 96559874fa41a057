package com.intelia.llm.provider.http;

import dev.langchain4j.http.client.sse.ServerSentEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recognises an upstream's error inside a stream: an {@code event: error}, a {@code data:
 * {"error": …}} event (OpenAI, the HuggingFace router, recent vLLM) or {@code data:
 * {"object": "error", …}} (older vLLM).
 */
final class StreamErrors {

	private static final JsonMapper JSON = JsonMapper.shared();

	private StreamErrors() {
	}

	/** The error's message if the event reports one, else null. */
	static @Nullable String message(ServerSentEvent event) {
		String data = event.data();
		if ("error".equals(event.event())) {
			return data.isBlank() ? "error event" : messageOf(data);
		}
		// A cheap test first: only error events need parsing twice.
		if (!data.startsWith("{") || !data.contains("error")) {
			return null;
		}
		JsonNode node = parse(data);
		if (node == null) {
			return null;
		}
		if (node.has("error")) {
			return text(node.get("error"));
		}
		return "error".equals(node.path("object").asString(null)) ? text(node) : null;
	}

	private static String messageOf(String data) {
		JsonNode node = parse(data);
		return (node != null && node.has("error")) ? text(node.get("error")) : data;
	}

	private static String text(JsonNode error) {
		if (error.isString()) {
			return error.asString();
		}
		JsonNode message = error.get("message");
		return (message != null && message.isString()) ? message.asString() : error.toString();
	}

	private static @Nullable JsonNode parse(String data) {
		try {
			return JSON.readTree(data);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
