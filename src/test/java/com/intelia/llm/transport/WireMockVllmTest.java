package com.intelia.llm.transport;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.intelia.llm.transport.Gateway.Streamed;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running gateway in front of a WireMock vLLM, shared by the tests that extend it
 * (one Spring context for all). {@code VLLM_URL} is given without {@code /v1}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=vllm", "llm.vllm.model=upstream-model", "llm.vllm.api-key=vllm-secret",
				"llm.models-file=classpath:transport/models.yml",
				// These tests watch the transport alone: retries and the circuit breaker
				// are
				// tested in resilience/, and would otherwise carry state between tests
				// here.
				"llm.resilience.max-retries=0", "llm.resilience.circuit.minimum-calls=1000",
				"llm.resilience.circuit.consecutive-failures=1000" })
abstract class WireMockVllmTest {

	/**
	 * Lives as long as the test JVM: the cached Spring context of every subclass points
	 * at it.
	 */
	static final WireMockServer upstream = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

	static {
		upstream.start();
	}

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("llm.vllm.url", () -> "http://127.0.0.1:" + upstream.port());
	}

	@LocalServerPort
	int port;

	Gateway gateway;

	@BeforeEach
	void reset() {
		upstream.resetAll();
		this.gateway = new Gateway(this.port);
	}

	static final String COMPLETION = """
			{"id":"chatcmpl-up1","object":"chat.completion","created":1700000000,"model":"upstream-model",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""";

	static final String WEATHER_TOOL = """
			{"type":"function","function":{"name":"get_weather","description":"Weather in a city",
			 "parameters":{"type":"object","properties":{"city":{"type":"string","enum":["Paris","Lyon"]},
			 "days":{"type":"integer","minimum":1}},"required":["city"]}}}""";

	static void answerBlocking(String body) {
		upstream.stubFor(post(urlEqualTo("/v1/chat/completions"))
			.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
	}

	static void answerStream(String... events) {
		StringBuilder sse = new StringBuilder();
		for (String event : events) {
			sse.append(event.startsWith("event:") ? event : "data: " + event).append("\n\n");
		}
		upstream.stubFor(post(urlEqualTo("/v1/chat/completions"))
			.willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody(sse.toString())));
	}

	static String chunk(String delta, String finishReason) {
		return """
				{"id":"chatcmpl-s1","object":"chat.completion.chunk","created":1700000000,"model":"upstream-model",\
				"choices":[{"index":0,"delta":%s,"finish_reason":%s}]}""".formatted(delta, finishReason);
	}

	static LoggedRequest upstreamRequest() {
		List<LoggedRequest> requests = upstream.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	static JsonNode upstreamBody() {
		return Gateway.json(upstreamRequest().getBodyAsString());
	}

	static List<String> finishReasons(Streamed streamed) {
		return streamed.chunks()
			.stream()
			.flatMap((c) -> c.path("choices").valueStream())
			.filter((choice) -> choice.path("finish_reason").isString())
			.map((choice) -> choice.get("finish_reason").asString())
			.toList();
	}

}
