package com.intelia.llm.resilience;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.intelia.llm.provider.UpstreamHttpException;
import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.ScriptedProvider;
import com.intelia.llm.support.ScriptedProvider.Script;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries before the first byte respect the upstream's hints, stop on failures that would
 * fail again, and a circuit breaker stops calling an upstream that is down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "llm.models-file=classpath:test-models.yml",
				"llm.resilience.initial-backoff-millis=20", "llm.resilience.max-retry-after-seconds=2",
				"llm.resilience.circuit.minimum-calls=4", "llm.resilience.circuit.consecutive-failures=1000",
				"llm.resilience.circuit.open-seconds=1", "llm.resilience.circuit.half-open-calls=1",
				"llm.timeouts.total-seconds=5" })
@Import(ScriptedProvider.class)
class RetryAndCircuitTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String BLOCKING = """
			{"model":"scripted-model","messages":[{"role":"user","content":"hi"}]}""";

	private static final String STREAM = """
			{"model":"scripted-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

	@LocalServerPort
	int port;

	@Autowired
	ResilientCalls resilience;

	GatewayClient client;

	@BeforeEach
	void setUp() {
		this.client = new GatewayClient(this.port);
		this.resilience.circuit("scripted").reset();
	}

	@Test
	void a_503_on_the_first_attempt_only_is_a_200() {
		ScriptedProvider.script(Script.failFirst(status(503, "busy", Map.of())), Script.answer("fine"));
		HttpResponse<String> response = this.client.post("/v1/chat/completions", BLOCKING);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ScriptedProvider.calls()).isEqualTo(2);
	}

	@Test
	void a_stream_that_fails_before_its_first_token_is_retried() {
		ScriptedProvider.script(Script.failFirst(status(502, "bad gateway", Map.of())), Script.answer("a", "b"));
		HttpResponse<String> response = this.client.post("/v1/chat/completions", STREAM);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(GatewayClient.events(response.body()).getLast()).isEqualTo("[DONE]");
		assertThat(ScriptedProvider.calls()).isEqualTo(2);
	}

	@Test
	void a_stream_that_fails_after_its_first_token_is_not_retried() {
		ScriptedProvider.script(Script.failAfter(status(503, "gone", Map.of()), "partial"), Script.answer("whole"));
		HttpResponse<String> response = this.client.post("/v1/chat/completions", STREAM);
		assertThat(GatewayClient.events(response.body())).doesNotContain("[DONE]");
		assertThat(ScriptedProvider.calls()).isEqualTo(1);
	}

	@Test
	void a_cold_start_is_waited_out_using_estimated_time() {
		ScriptedProvider.script(Script.failFirst(status(503,
				"{\"error\":\"Model meta-llama/Llama-3.1-8B-Instruct is currently loading\",\"estimated_time\":0.4}",
				Map.of())),
				Script.failFirst(
						status(503, "{\"error\":\"Model is currently loading\",\"estimated_time\":0.2}", Map.of())),
				Script.failFirst(
						status(503, "{\"error\":\"Model is currently loading\",\"estimated_time\":0.2}", Map.of())),
				Script.answer("loaded"));
		long started = System.nanoTime();
		HttpResponse<String> response = this.client.post("/v1/chat/completions", BLOCKING);
		long millis = (System.nanoTime() - started) / 1_000_000;
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ScriptedProvider.calls()).as("cold-start waits do not use up LLM_MAX_RETRIES").isEqualTo(4);
		assertThat(millis).isGreaterThanOrEqualTo(800);
	}

	@Test
	void a_429_is_retried_after_the_retry_after_it_gives() {
		ScriptedProvider.script(Script.failFirst(status(429, "slow down", Map.of("retry-after", List.of("1")))),
				Script.answer("ok"));
		long started = System.nanoTime();
		HttpResponse<String> response = this.client.post("/v1/chat/completions", BLOCKING);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1000);
	}

	@Test
	void a_429_with_retry_after_ms_and_without_any_hint_is_retried() {
		ScriptedProvider.script(Script.failFirst(status(429, "slow", Map.of("retry-after-ms", List.of("150")))),
				Script.failFirst(status(429, "slow", Map.of())), Script.answer("ok"));
		assertThat(this.client.post("/v1/chat/completions", BLOCKING).statusCode()).isEqualTo(200);
		assertThat(ScriptedProvider.calls()).isEqualTo(3);
	}

	@Test
	void a_429_that_persists_reaches_the_caller_with_retry_after() {
		ScriptedProvider.script(Script.failFirst(status(429, "slow down", Map.of("retry-after", List.of("1")))));
		HttpResponse<String> response = this.client.post("/v1/chat/completions", BLOCKING);
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).contains("1");
		assertThat(ScriptedProvider.calls()).isEqualTo(3);
	}

	@Test
	void a_retry_after_longer_than_allowed_is_not_waited() {
		ScriptedProvider.script(Script.failFirst(status(429, "later", Map.of("retry-after", List.of("60")))));
		HttpResponse<String> response = this.client.post("/v1/chat/completions", BLOCKING);
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).contains("60");
		assertThat(ScriptedProvider.calls()).isEqualTo(1);
	}

	@Test
	void a_failure_that_would_fail_again_is_not_retried_and_tells_sdks_not_to() {
		ScriptedProvider.script(Script.failFirst(status(401, "{\"error\":\"Invalid credentials\"}", Map.of())));
		HttpResponse<String> response = this.client.post("/v1/chat/completions", BLOCKING);
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("x-should-retry")).contains("false");
		assertThat(ScriptedProvider.calls()).isEqualTo(1);
		ScriptedProvider.script(Script.failFirst(status(400, "{\"error\":\"context too long\"}", Map.of())));
		assertThat(this.client.post("/v1/chat/completions", BLOCKING).statusCode()).isEqualTo(400);
		assertThat(ScriptedProvider.calls()).isEqualTo(1);
	}

	@Test
	void the_circuit_counts_one_outcome_per_request_opens_on_a_down_upstream_and_recovers_half_open() {
		ScriptedProvider.script(Script.failFirst(status(500, "down", Map.of())));
		assertThat(this.client.post("/v1/chat/completions", BLOCKING).statusCode()).isEqualTo(502);
		assertThat(ScriptedProvider.calls()).as("one request, three attempts").isEqualTo(3);
		assertThat(this.resilience.circuit("scripted").getMetrics().getNumberOfFailedCalls())
			.as("one outcome for the request, after its retries")
			.isEqualTo(1);
		for (int request = 2; request <= 4; request++) {
			assertThat(this.client.post("/v1/chat/completions", BLOCKING).statusCode()).isEqualTo(502);
		}
		// Four failed requests fill the minimum at a 100% failure rate: the circuit is
		// open.
		int callsBefore = ScriptedProvider.calls();
		HttpResponse<String> open = this.client.post("/v1/chat/completions", BLOCKING);
		assertThat(open.statusCode()).isEqualTo(503);
		assertThat(JSON.readTree(open.body()).get("error").get("code").asString()).isEqualTo("circuit_open");
		assertThat(JSON.readTree(open.body()).get("error").get("message").asString()).contains("'scripted'");
		assertThat(open.headers().firstValue("Retry-After")).contains("1");
		assertThat(ScriptedProvider.calls()).as("an open circuit answers at once").isEqualTo(callsBefore);
		ScriptedProvider.script(Script.answer("back"));
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.client.post("/v1/chat/completions", BLOCKING).statusCode() == 200);
		assertThat(this.resilience.circuit("scripted").getState().name()).isEqualTo("CLOSED");
	}

	@Test
	void rate_limits_and_refused_requests_never_open_the_circuit() {
		ScriptedProvider.script(Script.failFirst(status(429, "slow down", Map.of("retry-after", List.of("60")))));
		for (int request = 0; request < 6; request++) {
			assertThat(this.client.post("/v1/chat/completions", BLOCKING).statusCode()).isEqualTo(429);
		}
		ScriptedProvider.script(Script.failFirst(status(400, "{\"error\":\"context too long\"}", Map.of())));
		for (int request = 0; request < 6; request++) {
			assertThat(this.client.post("/v1/chat/completions", BLOCKING).statusCode()).isEqualTo(400);
		}
		assertThat(this.resilience.circuit("scripted").getState().name()).isEqualTo("CLOSED");
		assertThat(this.resilience.circuit("scripted").getMetrics().getNumberOfFailedCalls()).isZero();
	}

	private static UpstreamHttpException status(int status, String body, Map<String, List<String>> headers) {
		return new UpstreamHttpException(status, body, headers);
	}

}
