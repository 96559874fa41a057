package com.intelia.llm.chat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.GatewayTest;
import com.intelia.llm.support.OpenAiSchemas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every non-2xx answer under {@code /v1/} is OpenAI's error envelope, with the status,
 * type, code and parameter the caller needs.
 */
@GatewayTest
class ErrorEnvelopeTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	GatewayClient client;

	@BeforeEach
	void setUp() {
		this.client = new GatewayClient(this.port);
	}

	static Stream<Arguments> http_errors() {
		String chat = "/v1/chat/completions";
		return Stream.of(Arguments.of("unknown path", "GET", "/v1/nothing", null, null, 404, "not_found"),
				Arguments.of("wrong method", "GET", chat, null, null, 405, "method_not_allowed"),
				Arguments.of("wrong content type", "POST", chat, "text/plain", "hello", 415, "unsupported_media_type"),
				Arguments.of("malformed JSON", "POST", chat, "application/json", "{\"model\":", 400, "invalid_json"),
				Arguments.of("empty body", "POST", chat, "application/json", "", 400, "invalid_json"),
				Arguments.of("body over the limit", "POST", chat, "application/json",
						"{\"model\":\"" + "x".repeat(70000) + "\"}", 413, "request_too_large"),
				Arguments.of("unknown model", "POST", chat, "application/json",
						"{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 404,
						"model_not_found"),
				Arguments.of("unknown model id", "GET", "/v1/models/gpt-4", null, null, 404, "model_not_found"),
				Arguments.of("the container's error page", "GET", "/error", null, null, 404, "not_found"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void http_errors(String name, String method, String path, String contentType, String body, int status,
			String code) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		request.method(method,
				(body == null) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		HttpResponse<String> response = this.client.send(request);
		assertThat(response.statusCode()).isEqualTo(status);
		OpenAiSchemas.assertValid(OpenAiSchemas.ERROR, response.body());
		JsonNode error = JSON.readTree(response.body()).get("error");
		assertThat(error.get("code").asString()).isEqualTo(code);
		assertThat(error.has("param")).isTrue();
		assertThat(error.get("message").asString()).isNotBlank().doesNotContain("Exception");
	}

	@org.junit.jupiter.api.Test
	void a_chunked_body_over_the_limit_and_a_disguised_path_are_413() {
		byte[] big = ("{\"model\":\"" + "x".repeat(70000) + "\"}").getBytes();
		HttpResponse<String> chunked = this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/chat/completions"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
		assertThat(chunked.statusCode()).isEqualTo(413);
		OpenAiSchemas.assertValid(OpenAiSchemas.ERROR, chunked.body());
		HttpResponse<String> disguised = this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1;x=1/chat/completions"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(big)));
		assertThat(disguised.statusCode()).isEqualTo(413);
	}

	@org.junit.jupiter.api.Test
	void errors_tomcat_raises_itself_have_the_openai_shape_too() throws IOException {
		HttpResponse<String> slash = this.client.get("/v1/models/a%2Fb");
		assertThat(slash.statusCode()).isEqualTo(400);
		OpenAiSchemas.assertValid(OpenAiSchemas.ERROR, slash.body());
		HttpResponse<String> header = this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/models"))
				.header("X-Big", "a".repeat(20_000))
				.GET());
		assertThat(header.statusCode()).isEqualTo(400);
		OpenAiSchemas.assertValid(OpenAiSchemas.ERROR, header.body());
		String trailers = chunkedWithTrailer("X-Checksum: " + "a".repeat(2_000));
		assertThat(trailers).startsWith("HTTP/1.1 400");
		assertThat(trailers).contains("{\"error\"");
		OpenAiSchemas.assertValid(OpenAiSchemas.ERROR,
				trailers.substring(trailers.indexOf("{\"error\""), trailers.lastIndexOf('}') + 1));
	}

	@org.junit.jupiter.api.Test
	void a_chunked_body_with_a_small_trailer_is_answered() throws IOException {
		assertThat(chunkedWithTrailer("X-Checksum: " + "a".repeat(500))).startsWith("HTTP/1.1 200");
	}

	/**
	 * What a chunked chat request ending with {@code trailer} gets, status line and body;
	 * no Java client sends trailers, so it is written by hand.
	 */
	private String chunkedWithTrailer(String trailer) throws IOException {
		byte[] body = "{\"model\":\"intelia-llama-3.1-8b-aviculture\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
			.getBytes(StandardCharsets.UTF_8);
		String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + Integer.toHexString(body.length) + "\r\n";
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.write(("\r\n0\r\n" + trailer + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@org.junit.jupiter.api.Test
	void unknown_model_names_the_available_ones() {
		HttpResponse<String> response = this.client.post("/v1/chat/completions",
				"{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
		JsonNode error = JSON.readTree(response.body()).get("error");
		assertThat(error.get("message").asString()).contains("gpt-4").contains("intelia-llama-3.1-8b-aviculture");
		assertThat(error.get("param").asString()).isEqualTo("model");
	}

}
