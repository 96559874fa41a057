package com.intelia.llm.chat;

import java.time.Duration;
import org.awaitility.Awaitility;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.GatewayTest;
import com.intelia.llm.support.OpenAiSchemas;
import com.intelia.llm.support.ScriptedProvider;
import com.intelia.llm.support.ScriptedProvider.Script;
import dev.langchain4j.exception.HttpException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a stream fails: before the first token as a real HTTP error, after it as a final
 * error event with no {@code [DONE]}; and a client that leaves cancels the upstream.
 */
@GatewayTest
class StreamFailureTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String STREAM = """
			{"model":"scripted-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	GatewayClient client;

	@BeforeEach
	void setUp() {
		this.client = new GatewayClient(this.port);
	}

	@Test
	void an_upstream_failure_before_the_first_token_is_a_real_http_error() {
		ScriptedProvider.script(Script.failFirst(new HttpException(503, "{\"error\":\"Model is loading\"}")));
		HttpResponse<String> response = this.client.post("/v1/chat/completions", STREAM);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		OpenAiSchemas.assertValid(OpenAiSchemas.ERROR, response.body());
		assertThat(JSON.readTree(response.body()).get("error").get("code").asString())
			.isEqualTo("upstream_unavailable");
	}

	@Test
	void an_upstream_failure_mid_stream_ends_with_an_error_event_and_no_done() {
		ScriptedProvider.script(Script.failAfter(new HttpException(500, "boom"), "Bonjour", " à"));
		HttpResponse<String> response = this.client.post("/v1/chat/completions", STREAM);
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> events = GatewayClient.events(response.body());
		assertThat(events).doesNotContain("[DONE]");
		JsonNode last = JSON.readTree(events.getLast());
		OpenAiSchemas.assertValid(OpenAiSchemas.ERROR, last.toString());
		assertThat(last.get("error").get("code").asString()).isEqualTo("upstream_error");
		assertThat(events.subList(0, events.size() - 1))
			.allSatisfy((chunk) -> assertThat(JSON.readTree(chunk).get("choices").get(0).get("finish_reason").isNull())
				.isTrue());
		assertThat(events.get(1)).contains("Bonjour");
	}

	@Test
	void no_first_token_in_time_is_a_504() {
		ScriptedProvider.script(Script.hangAfter());
		HttpResponse<String> response = this.client.post("/v1/chat/completions", STREAM);
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(JSON.readTree(response.body()).get("error").get("message").asString())
			.contains("LLM_FIRST_TOKEN_TIMEOUT_SECONDS");
	}

	@Test
	void a_silent_stream_ends_with_an_idle_timeout_event_and_cancels_upstream() throws Exception {
		ScriptedProvider.script(Script.hangAfter("one"));
		HttpResponse<String> response = this.client.post("/v1/chat/completions", STREAM);
		List<String> events = GatewayClient.events(response.body());
		assertThat(events).doesNotContain("[DONE]");
		assertThat(JSON.readTree(events.getLast()).get("error").get("message").asString())
			.contains("LLM_IDLE_TIMEOUT_SECONDS");
		assertThat(ScriptedProvider.awaitCancel(1000)).isTrue();
	}

	@Test
	void a_hanging_blocking_call_is_a_504_and_is_cancelled() throws Exception {
		ScriptedProvider.script(Script.hangAfter());
		HttpResponse<String> response = this.client.post("/v1/chat/completions",
				"{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(JSON.readTree(response.body()).get("error").get("code").asString()).isEqualTo("upstream_timeout");
		assertThat(ScriptedProvider.awaitCancel(1000)).isTrue();
	}

	@Test
	void a_client_that_leaves_mid_stream_cancels_the_upstream_within_a_second() throws Exception {
		ScriptedProvider.script(Script.hangAfter("first"));
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpResponse<InputStream> response = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/chat/completions"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(STREAM.replace("scripted-model", "scripted-model")))
				.build(), HttpResponse.BodyHandlers.ofInputStream());
		InputStream body = response.body();
		byte[] first = body.readNBytes(40);
		assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("data: ");
		body.close();
		http.close();
		long left = System.nanoTime();
		assertThat(ScriptedProvider.awaitCancel(1500)).isTrue();
		System.out.printf("upstream cancelled %d ms after the client left%n", (System.nanoTime() - left) / 1_000_000);
	}

	@Test
	void a_client_that_leaves_before_the_first_token_cancels_the_upstream_and_is_counted_as_499() throws Exception {
		ScriptedProvider.script(Script.hangAfter());
		double before = leftEarly();
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			GatewayClient.sendRaw(socket, STREAM);
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ScriptedProvider.calls() == 1);
			// Present past the first probes: nothing may cancel the call meanwhile.
			Awaitility.await()
				.during(Duration.ofMillis(400))
				.atMost(Duration.ofSeconds(5))
				.until(() -> !ScriptedProvider.cancelled());
		}
		long left = System.nanoTime();

		assertThat(ScriptedProvider.awaitCancel(1000)).isTrue();
		System.out.printf("upstream cancelled %d ms after the client left before any token%n",
				(System.nanoTime() - left) / 1_000_000);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> leftEarly() != before);
		assertThat(leftEarly()).isEqualTo(before + 1);
		assertThat(ScriptedProvider.calls()).as("a client that left is not retried").isOne();
	}

	private double leftEarly() {
		Counter counter = this.meters.find("llm.requests").tag("status", "499").counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void an_upstream_auth_failure_is_a_502_never_a_401() {
		ScriptedProvider.script(Script.failFirst(new HttpException(401, "{\"error\":\"Invalid credentials\"}")));
		HttpResponse<String> response = this.client.post("/v1/chat/completions",
				"{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(JSON.readTree(response.body()).get("error").get("code").asString())
			.isEqualTo("upstream_auth_failed");
	}

}
