package com.intelia.llm.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in gateway for the runner's unit tests: it serves one prompt's versions and
 * answers every chat request with a fixed text and version header, recording what it
 * received.
 */
final class FakeGateway implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.shared();

	final List<JsonNode> requests = new CopyOnWriteArrayList<>();

	final List<String> authorizations = new CopyOnWriteArrayList<>();

	private final HttpServer server;

	private volatile String answer = "ok";

	private volatile String answeringVersion = "v3";

	FakeGateway(String promptsJson) {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/v1/prompts/aviculture", (exchange) -> reply(exchange, 200, promptsJson, null));
		this.server.createContext("/v1/chat/completions", this::chat);
		this.server.start();
	}

	FakeGateway answering(String text, String version) {
		this.answer = text;
		this.answeringVersion = version;
		return this;
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void chat(HttpExchange exchange) throws IOException {
		this.requests.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		this.authorizations.add((authorization != null) ? authorization : "");
		String body = JSON
			.writeValueAsString(java.util.Map.of("model", "fake-upstream", "choices", List.of(java.util.Map.of("index",
					0, "message", java.util.Map.of("role", "assistant", "content", this.answer)))));
		reply(exchange, 200, body, this.answeringVersion);
	}

	private static void reply(HttpExchange exchange, int status, String body, String version) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		if (version != null) {
			exchange.getResponseHeaders().add("X-Prompt-Version", version);
		}
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
