package com.intelia.llm.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain HTTP client for the running gateway, reading SSE streams event by event, so
 * tests see exactly the bytes a client would.
 */
public final class GatewayClient {

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	public GatewayClient(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** POSTs JSON to a path. */
	public HttpResponse<String> post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** GETs a path. */
	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	/** Sends any request. */
	public HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The data payloads of an SSE body, in order, including {@code [DONE]}. */
	public static List<String> events(String body) {
		List<String> events = new ArrayList<>();
		for (String block : body.split("\n\n")) {
			StringBuilder data = new StringBuilder();
			for (String line : block.split("\n")) {
				if (line.startsWith("data: ")) {
					data.append(line.substring(6));
				}
			}
			if (!data.isEmpty()) {
				events.add(data.toString());
			}
		}
		return events;
	}

	/**
	 * Posts a chat request on a raw socket, for tests that must close the connection
	 * themselves, at a moment of their choosing.
	 */
	public static void sendRaw(java.net.Socket client, String body) throws IOException {
		byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		java.io.OutputStream out = client.getOutputStream();
		out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + bytes.length + "\r\n\r\n")
			.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
		out.write(bytes);
		out.flush();
	}

}
