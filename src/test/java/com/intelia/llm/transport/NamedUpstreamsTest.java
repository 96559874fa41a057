package com.intelia.llm.transport;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.intelia.llm.support.ConcurrentClass;
import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.LoggingLock;
import com.intelia.llm.support.OpenAiSchemas;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fine-tune served beside its base: a vLLM server with a LoRA adapter, and a
 * HuggingFace Inference Endpoint, declared by name in a models file on disk. Each alias
 * reaches its server with its model, the base alias canaries a share of its users to the
 * adapter, a failing fine-tune falls back to the base, and the endpoint's wake-up 503s
 * are waited out.
 */
// Beside the sequential classes: it mostly waits for a waking endpoint's 503s, on a
// context, upstreams and a models file of its own.
@ConcurrentClass
// It starts a Spring Boot application, which sets logging up.
@ResourceLock(value = LoggingLock.KEY, mode = ResourceAccessMode.READ)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=vllm", "llm.vllm.model=meta-llama/Llama-3.1-8B-Instruct",
				"HF_ENDPOINT_TOKEN=hf_endpoint_secret", "llm.resilience.initial-backoff-millis=10",
				"llm.timeouts.total-seconds=20", "observability.upstream-check.interval=1h" })
class NamedUpstreamsTest {

	static final String BASE = "meta-llama/Llama-3.1-8B-Instruct";

	static final String ADAPTER = "aviculture-lora-v1";

	static final FakeUpstream gpu = FakeUpstream.start();

	static final FakeUpstream endpoint = FakeUpstream.start();

	/** How many 503s the endpoint answers before it is awake. */
	static final AtomicInteger waking = new AtomicInteger();

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) throws IOException {
		gpu.script(NamedUpstreamsTest::vllm);
		endpoint.script(NamedUpstreamsTest::inferenceEndpoint);
		Path models = Files.createTempDirectory("named-upstreams").resolve("models.yml");
		Files.writeString(models, """
				upstreams:
				  gpu:
				    kind: vllm
				    url: %s
				  aviculture-endpoint:
				    kind: huggingface
				    url: %s/v1
				    api-key-env: HF_ENDPOINT_TOKEN
				models:
				  - id: base
				    canary:
				      alias: ft-v1
				      percent: 30
				  - id: ft-v1
				    upstream: gpu
				    upstream-model: %s
				    fallback: base
				  - id: ft-endpoint
				    upstream: aviculture-endpoint
				    upstream-model: tgi
				""".formatted(gpu.url(), endpoint.url(), ADAPTER));
		registry.add("llm.vllm.url", gpu::url);
		// A plain path, as an operator mounts the file.
		registry.add("llm.models-file", models::toString);
	}

	@AfterAll
	static void stop() throws IOException {
		gpu.close();
		endpoint.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	GatewayClient client;

	@BeforeEach
	void setUp() {
		this.client = new GatewayClient(this.port);
		gpu.script(NamedUpstreamsTest::vllm);
		endpoint.script(NamedUpstreamsTest::inferenceEndpoint);
		waking.set(0);
	}

	@Test
	void each_alias_reaches_its_server_with_its_model_and_says_which_upstream_served_it() {
		HttpResponse<String> fineTune = chat("ft-v1", null);
		HttpResponse<String> onEndpoint = chat("ft-endpoint", null);

		assertThat(fineTune.statusCode()).isEqualTo(200);
		assertThat(fineTune.headers().firstValue("X-LLM-Provider")).contains("gpu");
		assertThat(Gateway.json(gpu.exchanges().getLast().body).get("model").asString()).isEqualTo(ADAPTER);
		assertThat(onEndpoint.statusCode()).isEqualTo(200);
		assertThat(onEndpoint.headers().firstValue("X-LLM-Provider")).contains("aviculture-endpoint");
		FakeUpstream.Exchange call = endpoint.exchanges().getLast();
		assertThat(Gateway.json(call.body).get("model").asString()).isEqualTo("tgi");
		assertThat(call.headers.get("authorization")).isEqualTo("Bearer hf_endpoint_secret");
		assertThat(this.meters.get("llm.requests")
			.tag("model", "ft-endpoint")
			.tag("provider", "aviculture-endpoint")
			.counter()
			.count()).isPositive();
	}

	@Test
	void the_model_list_shows_an_adapter_alias_with_its_base_as_parent() {
		String body = this.client.get("/v1/models").body();
		OpenAiSchemas.assertValid(OpenAiSchemas.MODEL_LIST, body);
		JsonNode models = Gateway.json(body);
		Map<String, JsonNode> byId = new HashMap<>();
		models.get("data").forEach((model) -> byId.put(model.get("id").asString(), model));

		assertThat(byId.get("ft-v1").get("parent").asString()).isEqualTo(BASE);
		assertThat(byId.get("base").has("parent")).isFalse();
		assertThat(byId.get("ft-endpoint").has("parent")).isFalse();
	}

	@Test
	void the_base_alias_sends_its_canary_share_to_the_adapter_sticky_per_user() {
		int toAdapter = 0;
		for (int user = 0; user < 200; user++) {
			chat("base", "user-" + user);
			String first = servedModel();
			chat("base", "user-" + user);
			assertThat(servedModel()).as("user-%d stays on one side", user).isEqualTo(first);
			toAdapter += ADAPTER.equals(first) ? 1 : 0;
		}

		assertThat(toAdapter).isBetween(40, 80);
	}

	@Test
	void a_failing_fine_tune_falls_back_to_the_base() {
		gpu.script((exchange) -> {
			if (exchange.body.contains(ADAPTER)) {
				exchange.respond(500, "{\"error\":{\"message\":\"adapter crashed\"}}");
			}
			else {
				vllm(exchange);
			}
		});

		HttpResponse<String> response = chat("ft-v1", null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-LLM-Provider")).contains("vllm");
		assertThat(servedModel()).isEqualTo(BASE);
	}

	@Test
	void an_endpoint_waking_from_zero_is_waited_for_within_the_timeout() {
		waking.set(2);

		HttpResponse<String> response = chat("ft-endpoint", null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(endpoint.exchanges()).hasSize(3);
	}

	private HttpResponse<String> chat(String alias, String user) {
		String userField = (user != null) ? ",\"user\":\"" + user + "\"" : "";
		return this.client.post("/v1/chat/completions", """
				{"model":"%s","messages":[{"role":"user","content":"Bonjour"}]%s}""".formatted(alias, userField));
	}

	private static String servedModel() {
		List<FakeUpstream.Exchange> calls = gpu.exchanges()
			.stream()
			.filter((exchange) -> exchange.requestLine.startsWith("POST"))
			.toList();
		return Gateway.json(calls.getLast().body).get("model").asString();
	}

	/** A vLLM server with the base model and a LoRA adapter. */
	private static void vllm(FakeUpstream.Exchange exchange) throws IOException {
		if (exchange.requestLine.startsWith("GET /v1/models")) {
			exchange.respond(200, """
					{"object":"list","data":[
					 {"id":"%s","object":"model","owned_by":"vllm","root":"%s","parent":null},
					 {"id":"%s","object":"model","owned_by":"vllm","root":"/adapters/%s","parent":"%s"}]}"""
				.formatted(BASE, BASE, ADAPTER, ADAPTER, BASE));
			return;
		}
		exchange.respond(200, CircuitUnderFaultsTest.ANSWER);
	}

	/** An Inference Endpoint: 503 while it wakes, then OpenAI answers. */
	private static void inferenceEndpoint(FakeUpstream.Exchange exchange) throws IOException {
		if (exchange.requestLine.startsWith("GET /v1/models")) {
			exchange.respond(200, "{\"object\":\"list\",\"data\":[{\"id\":\"tgi\",\"object\":\"model\"}]}");
			return;
		}
		if (waking.getAndDecrement() > 0) {
			exchange.respond(503, "Service Unavailable");
			return;
		}
		exchange.respond(200, CircuitUnderFaultsTest.ANSWER);
	}

}
