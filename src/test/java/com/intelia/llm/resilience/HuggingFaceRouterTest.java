package com.intelia.llm.resilience;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.LoggingLock;
import com.intelia.llm.support.OpenAiSchemas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of a fake HuggingFace router that answers as the real one does
 * when something is wrong: each failure reaches the caller with a status, code and
 * message that say what to fix, and the token appears nowhere.
 */
@ExtendWith(OutputCaptureExtension.class)
// It reads its log output: no Spring Boot application may set logging up meanwhile.
@ResourceLock(LoggingLock.KEY)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=huggingface", "llm.huggingface.api-key=" + HuggingFaceRouterTest.KEY,
				"llm.huggingface.model=meta-llama/Llama-3.1-8B-Instruct:fastest",
				"llm.resilience.initial-backoff-millis=10", "llm.resilience.max-retry-after-seconds=2",
				"llm.resilience.circuit.minimum-calls=1000", "llm.resilience.circuit.consecutive-failures=1000",
				"llm.timeouts.total-seconds=3", "observability.upstream-check.interval=1h" })
class HuggingFaceRouterTest {

	static final String KEY = "hf_TestSecretToken0123456789";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String CHAT = "/v1/chat/completions";

	private static final String BODY = """
			{"model":"intelia-llama-3.1-8b-aviculture","messages":[{"role":"user","content":"Bonjour"}]}""";

	static final WireMockServer router = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

	static {
		router.start();
	}

	@DynamicPropertySource
	static void routerUrl(DynamicPropertyRegistry registry) {
		registry.add("llm.huggingface.base-url", () -> "http://127.0.0.1:" + router.port() + "/v1");
	}

	@AfterAll
	static void stop() {
		router.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	ResilientCalls resilience;

	GatewayClient client;

	@BeforeEach
	void setUp() {
		router.resetAll();
		this.client = new GatewayClient(this.port);
		this.resilience.circuit("huggingface").reset();
	}

	static Stream<Arguments> router_failures() {
		return Stream.of(
				Arguments.of("invalid token", 401, null, "{\"error\":\"Invalid credentials in Authorization header\"}",
						"upstream_auth_failed", "HUGGINGFACE_API_KEY"),
				Arguments.of("invalid password", 401, null, "{\"error\":\"Invalid username or password.\"}",
						"upstream_auth_failed", "hf_"),
				Arguments.of("gated, by header", 403, "GatedRepo",
						"{\"error\":\"Access to model meta-llama/Llama-3.1-8B-Instruct is restricted and you are not in the authorized list.\"}",
						"upstream_model_gated", "accept the Meta Llama licence"),
				Arguments.of("gated, by message", 401, null,
						"{\"error\":\"Access to model meta-llama/Llama-3.1-8B-Instruct is restricted. You must have access to it and be authenticated to access it. Please log in.\"}",
						"upstream_model_gated", "Read access to contents of all public gated repos"),
				Arguments.of("token without the permission", 403, null,
						"{\"error\":\"This authentication method does not have sufficient permissions to call Inference Providers on behalf of user x\"}",
						"upstream_permission_denied", "Make calls to Inference Providers"),
				Arguments.of("credits exhausted", 402, null,
						"{\"error\":\"You have exceeded your monthly included credits for Inference Providers.\"}",
						"upstream_credits_exhausted", "credits"),
				Arguments.of("unknown model", 404, null, "{\"error\":\"Model not found\"}", "upstream_model_not_found",
						"':provider' suffix"),
				Arguments.of("no provider serves it", 400, null,
						"{\"error\":{\"message\":\"The requested model 'x' is not supported by any provider you have enabled.\",\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_supported\"}}",
						"upstream_model_not_found", "HUGGINGFACE_MODEL"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void router_failures(String name, int status, String errorCode, String body, String code, String hint,
			CapturedOutput output) {
		var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
		if (errorCode != null) {
			response.withHeader("X-Error-Code", errorCode);
		}
		router.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(response));
		HttpResponse<String> answer = this.client.post(CHAT, BODY);
		assertThat(answer.statusCode()).isEqualTo(502);
		OpenAiSchemas.assertValid(OpenAiSchemas.ERROR, answer.body());
		JsonNode error = JSON.readTree(answer.body()).get("error");
		assertThat(error.get("code").asString()).isEqualTo(code);
		assertThat(error.get("message").asString()).contains(hint);
		assertThat(answer.headers().firstValue("x-should-retry")).contains("false");
		assertThat(answer.body()).doesNotContain(KEY).doesNotContain("TestSecret");
		assertThat(answer.headers().map().toString()).doesNotContain(KEY);
		assertThat(output.getAll()).doesNotContain(KEY).doesNotContain("TestSecret");
		router.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
		System.out.printf("%s -> %d %s: %s%n", name, answer.statusCode(), code, error.get("message").asString());
	}

	@Test
	void a_cold_start_is_a_slower_200() {
		router.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("cold")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503)
				.withBody(
						"{\"error\":\"Model meta-llama/Llama-3.1-8B-Instruct is currently loading\",\"estimated_time\":0.5}"))
			.willSetStateTo("loaded"));
		router.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("cold")
			.whenScenarioStateIs("loaded")
			.willReturn(okCompletion()));
		long started = System.nanoTime();
		HttpResponse<String> answer = this.client.post(CHAT, BODY);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(500);
		assertThat(answer.headers().firstValue("X-LLM-Provider")).contains("huggingface");
		router.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Authorization",
				com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + KEY)));
	}

	@Test
	void a_rate_limit_is_retried_after_retry_after_and_then_reported_with_it() {
		router.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("limited")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(
					aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{\"error\":\"rate limited\"}"))
			.willSetStateTo("free"));
		router.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("limited")
			.whenScenarioStateIs("free")
			.willReturn(okCompletion()));
		assertThat(this.client.post(CHAT, BODY).statusCode()).isEqualTo(200);
		router.resetAll();
		router.stubFor(post(urlEqualTo("/v1/chat/completions"))
			.willReturn(aResponse().withStatus(429).withBody("{\"error\":\"rate limited\"}")));
		HttpResponse<String> limited = this.client.post(CHAT, BODY);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).isPresent();
		router.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	@Test
	void a_503_on_the_first_attempt_only_is_a_200() {
		router.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("blip")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503).withBody("{\"error\":\"Service Unavailable\"}"))
			.willSetStateTo("ok"));
		router.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("blip")
			.whenScenarioStateIs("ok")
			.willReturn(okCompletion()));
		assertThat(this.client.post(CHAT, BODY).statusCode()).isEqualTo(200);
	}

	@Test
	void a_hanging_router_is_a_504() {
		router.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okCompletion().withFixedDelay(5000)));
		HttpResponse<String> answer = this.client.post(CHAT, BODY);
		assertThat(answer.statusCode()).isEqualTo(504);
		assertThat(JSON.readTree(answer.body()).get("error").get("code").asString()).isEqualTo("upstream_timeout");
	}

	@Test
	void a_connection_reset_is_retried_then_reported() {
		router.stubFor(post(urlEqualTo("/v1/chat/completions"))
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		HttpResponse<String> answer = this.client.post(CHAT, BODY);
		assertThat(answer.statusCode()).isBetween(502, 503);
		OpenAiSchemas.assertValid(OpenAiSchemas.ERROR, answer.body());
		router.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	@Test
	void malformed_json_from_the_router_is_a_502() {
		router.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(
				aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{not json")));
		HttpResponse<String> answer = this.client.post(CHAT, BODY);
		assertThat(answer.statusCode()).isEqualTo(502);
		OpenAiSchemas.assertValid(OpenAiSchemas.ERROR, answer.body());
		assertThat(answer.headers().firstValue("X-LLM-Provider")).contains("huggingface");
		router.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okCompletion() {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(
					"""
							{"id":"chatcmpl-hf1","object":"chat.completion","created":1700000000,"model":"meta-llama/Llama-3.1-8B-Instruct",
							 "choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour"},"finish_reason":"stop"}],
							 "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""");
	}

}
