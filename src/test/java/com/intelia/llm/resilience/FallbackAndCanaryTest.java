package com.intelia.llm.resilience;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;

import com.intelia.llm.provider.UpstreamHttpException;
import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.ScriptedProvider;
import com.intelia.llm.support.ScriptedProvider.Script;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fallback provider serves what the primary failed retryably, and the canary share of
 * traffic goes to the other phase, sticky per user.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "llm.simulator.ttft-ms=0", "llm.simulator.itl-ms=0",
				"llm.models-file=classpath:test-models.yml", "llm.resilience.initial-backoff-millis=10",
				"llm.resilience.fallback-provider=simulator", "llm.resilience.canary-provider=scripted",
				"llm.resilience.canary-percent=30", "llm.resilience.canary-seed=42" })
@Import(ScriptedProvider.class)
class FallbackAndCanaryTest {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ResilientCalls resilience;

	GatewayClient client;

	@BeforeEach
	void setUp() {
		this.client = new GatewayClient(this.port);
		this.resilience.circuit("scripted").reset();
		ScriptedProvider.script(Script.answer("canary"));
	}

	@Test
	void a_primary_that_fails_retryably_is_served_by_the_fallback() {
		ScriptedProvider.script(Script.failFirst(new UpstreamHttpException(503, "down", Map.of())));
		HttpResponse<String> response = this.client.post("/v1/chat/completions",
				"{\"model\":\"scripted-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-LLM-Provider")).contains("simulator");
		assertThat(GatewayClient.events(response.body()).getLast()).isEqualTo("[DONE]");
		assertThat(ScriptedProvider.calls()).isEqualTo(3);
		assertThat(this.meters.get("llm.fallback").tag("from", "scripted").tag("to", "simulator").counter().count())
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void a_failure_that_is_not_retryable_does_not_fall_back() {
		ScriptedProvider.script(Script.failFirst(new UpstreamHttpException(400, "bad input", Map.of())));
		HttpResponse<String> response = this.client.post("/v1/chat/completions",
				"{\"model\":\"scripted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void the_canary_gets_its_share_of_traffic() {
		int canary = 0;
		int total = 200;
		for (int i = 0; i < total; i++) {
			HttpResponse<String> response = this.client.post("/v1/chat/completions",
					"{\"model\":\"intelia-llama-3.1-8b-aviculture\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
			assertThat(response.statusCode()).isEqualTo(200);
			if (response.headers().firstValue("X-LLM-Provider").orElseThrow().equals("scripted")) {
				canary++;
			}
		}
		System.out.printf("canary served %d of %d requests (target 30%%)%n", canary, total);
		assertThat(canary).isBetween(40, 80);
	}

	@Test
	void the_canary_choice_is_sticky_per_user() {
		for (String user : List.of("farm-1", "farm-2", "farm-3", "farm-4", "farm-5", "farm-6")) {
			String first = provider(user);
			for (int i = 0; i < 5; i++) {
				assertThat(provider(user)).as(user).isEqualTo(first);
			}
		}
	}

	private String provider(String user) {
		HttpResponse<String> response = this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/chat/completions"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"intelia-llama-3.1-8b-aviculture\",\"user\":\""
						+ user + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
		return response.headers().firstValue("X-LLM-Provider").orElseThrow();
	}

}
