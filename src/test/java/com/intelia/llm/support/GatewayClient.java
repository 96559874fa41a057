package com.intelia.llm.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one plain HTTP client of the tests, for the running gateway: HTTP/1.1, no redirects
 * followed, a 30-second answer limit unless a request sets its own, and SSE bodies read
 * event by event, so tests see exactly the bytes a client would.
 */
public final class GatewayClient {

	/** The JSON mapper for bodies. */
	public static final JsonMapper JSON = JsonMapper.shared();

	/** How long a request may wait for its answer unless it says otherwise. */
	public static final Duration ANSWER_LIMIT = Duration.ofSeconds(30);

	private final HttpClient http;

	private final String base;

	private final List<String> headers;

	public GatewayClient(int port) {
		this(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build(), "http://127.0.0.1:" + port, List.of());
	}

	private GatewayClient(HttpClient http, String base, List<String> headers) {
		this.http = http;
		this.base = base;
		this.headers = headers;
	}

	/**
	 * The same client, sending {@code Authorization: Bearer key} with every request; with
	 * a null key, this client unchanged.
	 */
	public GatewayClient withKey(@Nullable String key) {
		return (key == null) ? this : withHeaders("Authorization", "Bearer " + key);
	}

	/** The same client, sending these header names and values with every request. */
	public GatewayClient withHeaders(String... namesAndValues) {
		List<String> all = new ArrayList<>(this.headers);
		all.addAll(List.of(namesAndValues));
		return new GatewayClient(this.http, this.base, List.copyOf(all));
	}

	/** The address of a path on the gateway. */
	public URI uri(String path) {
		return URI.create(this.base + path);
	}

	/**
	 * A request to a path, with this client's headers and the default answer limit;
	 * callers may add to it or override the limit.
	 */
	public HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(ANSWER_LIMIT);
		if (!this.headers.isEmpty()) {
			request.headers(this.headers.toArray(String[]::new));
		}
		return request;
	}

	/**
	 * A JSON POST to a path, not yet sent: for callers that read the answer their way.
	 */
	public HttpRequest.Builder postRequest(String path, String json) {
		return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
	}

	/** GETs a path, with extra header names and values. */
	public HttpResponse<String> get(String path, String... headers) {
		return send(withExtra(request(path).GET(), headers));
	}

	/** POSTs JSON to a path, with extra header names and values. */
	public HttpResponse<String> post(String path, String json, String... headers) {
		return send(withExtra(postRequest(path, json), headers));
	}

	/**
	 * POSTs raw bytes as JSON to a path, waiting for the answer at most {@code limit},
	 * with extra header names and values.
	 */
	public HttpResponse<String> post(String path, byte[] body, Duration limit, String... headers) {
		return send(withExtra(request(path).timeout(limit)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers));
	}

	/** DELETEs a path, with extra header names and values. */
	public HttpResponse<String> delete(String path, String... headers) {
		return send(withExtra(request(path).DELETE(), headers));
	}

	/** Sends a request, reading the answer as a string. */
	public HttpResponse<String> send(HttpRequest.Builder request) {
		return send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	/**
	 * Sends a request, reading the answer with any handler (lines, a stream...); a
	 * request that sets no limit gets the default one.
	 * @throws IllegalStateException naming the request when no answer came
	 */
	public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> answer) {
		HttpRequest built = request.build();
		if (built.timeout().isEmpty()) {
			built = HttpRequest.newBuilder(built, (name, value) -> true).timeout(ANSWER_LIMIT).build();
		}
		try {
			return this.http.send(built, answer);
		}
		catch (IOException ex) {
			throw new IllegalStateException("No answer to " + built.method() + " " + built.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Parses a JSON text. */
	public static JsonNode json(String text) {
		return JSON.readTree(text);
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
	public static void sendRaw(Socket client, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		OutputStream out = client.getOutputStream();
		out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + bytes.length + "\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1));
		out.write(bytes);
		out.flush();
	}

	private static HttpRequest.Builder withExtra(HttpRequest.Builder request, String... headers) {
		return (headers.length == 0) ? request : request.headers(headers);
	}

}
