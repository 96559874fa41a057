package com.intelia.llm.access;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.OpenAiErrors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits on what a request may look like: nesting depth, header size, and numbers the
 * parser cannot hold. Same settings as {@link ChatFuzzTest}, so the context is shared.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "llm.simulator.ttft-ms=0", "llm.simulator.itl-ms=0" })
class HostileInputTest {

	@LocalServerPort
	int port;

	GatewayClient client;

	@BeforeEach
	void client() {
		this.client = new GatewayClient(this.port);
	}

	@Test
	void json_nested_past_64_levels_is_a_400_invalid_json() {
		HttpResponse<String> response = this.client.post("/v1/chat/completions", nested(65));

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = OpenAiErrors.assertEnvelope(response);
		assertThat(error.get("code").asString()).isEqualTo("invalid_json");
		assertThat(error.get("message").asString()).contains("nesting depth");
	}

	@Test
	void json_nested_within_the_limit_is_parsed() {
		HttpResponse<String> response = this.client.post("/v1/chat/completions", nested(60));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(OpenAiErrors.assertEnvelope(response).get("code").asString()).isNotEqualTo("invalid_json");
	}

	@Test
	void json_nested_a_million_levels_deep_is_refused_without_harm() {
		HttpResponse<String> response = this.client.post("/v1/chat/completions", nested(1_000_000));

		assertThat(response.statusCode()).isEqualTo(400);
		OpenAiErrors.assertEnvelope(response);
		assertThat(this.client.post("/v1/chat/completions", Chat.body("Hi", 2, false)).statusCode()).isEqualTo(200);
	}

	@Test
	void an_oversized_header_gets_a_clean_400_and_the_connection_closes() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /v1/models HTTP/1.1\r\nHost: localhost\r\nX-Junk: " + "a".repeat(20 * 1024) + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);

			System.out.println("Oversized header answer: " + answer.replace("\r\n", " | "));
			// Tomcat answers before the application sees the request: a short HTML page,
			// not
			// the OpenAI shape, but a prompt 400 that closes the connection.
			assertThat(answer).startsWith("HTTP/1.1 400").contains("Connection: close");
		}
		assertThat(this.client.get("/v1/models").statusCode()).isEqualTo(200);
	}

	@Test
	void a_huge_integer_in_a_sampling_parameter_is_a_400_not_a_5xx() {
		// Found by ChatFuzzTest (seed 20261126, cases #215 and #1015); the defect is in
		// chat/Fields.
		for (String param : new String[] { "top_p", "temperature", "frequency_penalty", "presence_penalty" }) {
			String body = """
					{"model":"%s","messages":[{"role":"user","content":"Hi"}],"%s":%s}""".formatted(Chat.MODEL, param,
					"9".repeat(400));

			HttpResponse<String> response = this.client.post("/v1/chat/completions", body);

			assertThat(response.statusCode()).as(param + " -> " + response.body()).isEqualTo(400);
			assertThat(OpenAiErrors.assertEnvelope(response).get("param").asString()).isEqualTo(param);
		}
	}

	/**
	 * A request whose {@code metadata} takes the whole document to {@code depth} levels.
	 */
	private static String nested(int depth) {
		return """
				{"model":"%s","messages":[{"role":"user","content":"Hi"}],"metadata":%s1%s}""".formatted(Chat.MODEL,
				"[".repeat(depth - 1), "]".repeat(depth - 1));
	}

}
