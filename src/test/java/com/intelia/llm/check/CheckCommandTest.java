package com.intelia.llm.check;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.intelia.llm.support.LoggingLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The smoke check against a fake upstream: the real entry point, the service's real
 * context, one run per case. Each failure exits non-zero with the service's own
 * explanation, and the key is never printed.
 */
@ExtendWith(OutputCaptureExtension.class)
// It reads its log output: no Spring Boot application may set logging up meanwhile.
@ResourceLock(LoggingLock.KEY)
class CheckCommandTest {

	private static final String KEY = "hf_CheckSecretToken0123456789";

	private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";

	private static final String CHAT = "/v1/chat/completions";

	private static final WireMockServer upstream = new WireMockServer(
			wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

	static {
		upstream.start();
	}

	@AfterAll
	static void stop() {
		upstream.stop();
	}

	@BeforeEach
	void reset() {
		upstream.resetAll();
		upstream.stubFor(get(urlEqualTo("/v1/models")).willReturn(json(200, """
				{"object":"list","data":[{"id":"%s","object":"model","owned_by":"vllm"}]}""".formatted(MODEL))));
	}

	@Test
	void passes_with_latencies_when_huggingface_answers_blocking_and_streaming(CapturedOutput logs) {
		answersBlockingAndStreaming();
		Run run = check(huggingface(url()));
		assertThat(run.exitCode()).isZero();
		assertThat(run.report()).contains("OK    configuration", "HUGGINGFACE_API_KEY set (not shown)")
			.contains("OK    upstream reachable")
			.containsPattern(
					"OK    model access \\(blocking\\) +answered \"ok\" in \\d+ ms \\(5 prompt \\+ 1 completion")
			.containsPattern("OK    streaming +time to first token \\d+ ms, total latency \\d+ ms, 2 parts")
			.containsPattern("VERDICT: PASS, time to first token \\d+ ms");
		assertNoKey(run, logs);
	}

	@Test
	void passes_on_vllm_with_the_model_the_server_lists() {
		answersBlockingAndStreaming();
		Run run = check("--llm.provider=vllm", "--llm.vllm.url=" + upstream.baseUrl(), "--llm.vllm.model=");
		assertThat(run.exitCode()).isZero();
		assertThat(run.report()).contains("provider vllm, model " + MODEL, "no VLLM_API_KEY", "VERDICT: PASS");
	}

	static Stream<Arguments> upstream_failures() {
		return Stream.of(
				Arguments.of("invalid token", 401, null, "{\"error\":\"Invalid credentials in Authorization header\"}",
						"upstream_auth_failed", "HuggingFace rejected HUGGINGFACE_API_KEY"),
				Arguments.of("gated model, licence not accepted", 403, "GatedRepo",
						"{\"error\":\"Access to model " + MODEL
								+ " is restricted and you are not in the authorized list.\"}",
						"upstream_model_gated", "accept the Meta Llama licence"),
				Arguments.of("unknown model", 404, null, "{\"error\":\"Model not found\"}", "upstream_model_not_found",
						"HuggingFace has no provider serving '" + MODEL + "'"),
				Arguments.of("model loading", 503, null,
						"{\"error\":\"Model " + MODEL + " is currently loading\",\"estimated_time\":20.0}",
						"upstream_unavailable", "currently loading"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void upstream_failures(String name, int status, String errorCode, String body, String code, String explanation,
			CapturedOutput logs) {
		ResponseDefinitionBuilder response = json(status, body);
		if (errorCode != null) {
			response.withHeader("X-Error-Code", errorCode);
		}
		upstream.stubFor(post(urlEqualTo(CHAT)).willReturn(response));
		Run run = check(huggingface(url()));
		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.report())
			.contains("OK    upstream reachable", "FAIL  model access (blocking)", code, explanation)
			.contains("SKIP  streaming")
			.contains("VERDICT: FAIL at model access (blocking) (" + code + ")");
		assertNoKey(run, logs);
	}

	@Test
	void an_unreachable_server_fails_at_the_probe_naming_the_url(CapturedOutput logs) throws Exception {
		String closed = "http://127.0.0.1:" + freePort() + "/v1";
		Run run = check(huggingface(closed));
		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.report()).contains("FAIL  upstream reachable", "upstream_unavailable", "cannot be reached")
			.contains("GET " + closed + "/models")
			.contains("SKIP  model access (blocking)", "SKIP  streaming")
			.contains("VERDICT: FAIL at upstream reachable (upstream_unavailable)");
		assertNoKey(run, logs);
	}

	@Test
	void a_key_refused_by_the_model_list_fails_at_the_probe() {
		upstream.stubFor(get(urlEqualTo("/v1/models")).willReturn(json(401, "{\"error\":\"Invalid credentials\"}")));
		Run run = check(huggingface(url()));
		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.report()).contains("FAIL  upstream reachable", "upstream_auth_failed",
				"HuggingFace rejected HUGGINGFACE_API_KEY");
	}

	@Test
	void an_upstream_that_never_answers_fails_within_the_timeout() {
		upstream.stubFor(post(urlEqualTo(CHAT)).willReturn(json(200, "{}").withFixedDelay(10_000)));
		List<String> args = new ArrayList<>(List.of(huggingface(url())));
		args.add("--llm.timeouts.total-seconds=1");
		Run run = check(args.toArray(String[]::new));
		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.report()).contains("FAIL  model access (blocking)", "upstream_timeout", "LLM_TIMEOUT_SECONDS");
	}

	@Test
	void a_missing_key_is_a_configuration_failure_with_exit_code_2() {
		Run run = check("--llm.provider=huggingface", "--llm.huggingface.api-key=");
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.report()).contains("FAIL  configuration", "HUGGINGFACE_API_KEY is not set")
			.contains("VERDICT: FAIL at configuration")
			.doesNotContain("Exception");
	}

	private static void answersBlockingAndStreaming() {
		upstream.stubFor(post(urlEqualTo(CHAT)).atPriority(5).willReturn(json(200, """
				{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"%s",
				 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
				 "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}""".formatted(MODEL))));
		upstream.stubFor(post(urlEqualTo(CHAT)).atPriority(1)
			.withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "text/event-stream")
				.withBody(
						"""
								data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"o"},"finish_reason":null}]}

								data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"k"},"finish_reason":"stop"}]}

								data: [DONE]

								""")));
	}

	private static void assertNoKey(Run run, CapturedOutput logs) {
		assertThat(run.report()).doesNotContain(KEY).doesNotContain("CheckSecret");
		assertThat(logs.getAll()).doesNotContain(KEY).doesNotContain("CheckSecret");
	}

	private static String[] huggingface(String baseUrl) {
		return new String[] { "--llm.provider=huggingface", "--llm.huggingface.api-key=" + KEY,
				"--llm.huggingface.model=" + MODEL, "--llm.huggingface.base-url=" + baseUrl };
	}

	private static String url() {
		return upstream.baseUrl() + "/v1";
	}

	private static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static Run check(String... args) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int exitCode = CheckCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
		String report = bytes.toString(StandardCharsets.UTF_8);
		System.out.println(report);
		return new Run(exitCode, report);
	}

	private record Run(int exitCode, String report) {
	}

}
