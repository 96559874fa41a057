package com.intelia.llm.transport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway as a plain HTTP client sees it. */
final class Gateway {

	static final JsonMapper JSON = JsonMapper.shared();

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final int port;

	Gateway(int port) {
		this.port = port;
	}

	HttpResponse<String> post(String body) throws IOException, InterruptedException {
		return HTTP.send(request(body), BodyHandlers.ofString());
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
	Streamed stream(String body, java.util.function.Consumer<String> eachData)
			throws IOException, InterruptedException {
		HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(request(body), BodyHandlers.ofLines());
		List<String> data = response.body()
			.filter((line) -> line.startsWith("data:"))
			.map((line) -> line.substring(5).strip())
			.peek(eachData)
			.toList();
		return new Streamed(response.statusCode(), data);
	}

	HttpRequest request(String body) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/chat/completions"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build();
	}

	static JsonNode json(String text) {
		return JSON.readTree(text);
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
