package com.intelia.llm.transport;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.intelia.llm.support.GatewayClient;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's chat endpoint as the transport tests read it: streamed answers gathered
 * into their {@code data:} payloads, over {@link GatewayClient}.
 */
final class Gateway {

	private static final String CHAT = "/v1/chat/completions";

	private final GatewayClient client;

	Gateway(int port) {
		this.client = new GatewayClient(port);
	}

	HttpResponse<String> post(String body) throws IOException, InterruptedException {
		return this.client.post(CHAT, body);
	}

	/** A streamed answer: the status and every {@code data:} payload, in order. */
	Streamed stream(String body) throws IOException, InterruptedException {
		return stream(body, (data) -> {
		});
	}

	/**
	 * A streamed answer, with each {@code data:} payload also handed to a callback as it
	 * arrives, so a test can act in the middle of a stream.
	 */
	Streamed stream(String body, Consumer<String> eachData) throws IOException, InterruptedException {
		HttpResponse<Stream<String>> response = this.client.send(this.client.postRequest(CHAT, body),
				BodyHandlers.ofLines());
		List<String> data = response.body()
			.filter((line) -> line.startsWith("data:"))
			.map((line) -> line.substring(5).strip())
			.peek(eachData)
			.toList();
		return new Streamed(response.statusCode(), data);
	}

	/** A chat request, not yet sent, for tests that read the answer their own way. */
	HttpRequest request(String body) {
		return this.client.postRequest(CHAT, body).build();
	}

	static JsonNode json(String text) {
		return GatewayClient.json(text);
	}

	/**
	 * A streamed answer.
	 *
	 * @param status the HTTP status
	 * @param data every {@code data:} payload, {@code [DONE]} included
	 */
	record Streamed(int status, List<String> data) {

		List<JsonNode> chunks() {
			return this.data.stream().filter((d) -> !"[DONE]".equals(d)).map(Gateway::json).toList();
		}

		long doneCount() {
			return this.data.stream().filter("[DONE]"::equals).count();
		}

		String text() {
			StringBuilder text = new StringBuilder();
			for (JsonNode chunk : chunks()) {
				for (JsonNode choice : chunk.path("choices")) {
					JsonNode content = choice.path("delta").path("content");
					if (content.isString()) {
						text.append(content.asString());
					}
				}
			}
			return text.toString();
		}

	}

}
