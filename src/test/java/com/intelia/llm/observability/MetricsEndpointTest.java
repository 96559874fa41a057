package com.intelia.llm.observability;

import java.net.http.HttpResponse;

import com.intelia.llm.support.GatewayClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} against the simulator: each series moves by exactly what one
 * request did, labels stay bounded, and the whole exposition passes promtool.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "llm.simulator.ttft-ms=0", "llm.simulator.itl-ms=0" })
class MetricsEndpointTest {

	static final String MODEL = "intelia-llama-3.1-8b-aviculture";

	static final String[] TARGET = { "model", MODEL, "provider", "simulator" };

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	GatewayClient http;

	@BeforeEach
	void client() {
		this.http = new GatewayClient(this.port);
	}

	@Test
	void counts_one_blocking_request_and_exactly_its_usage_tokens() throws Exception {
		Exposition before = Exposition.scrape(this.http);
		HttpResponse<String> answer = this.http.post("/v1/chat/completions", chat(false));
		Exposition after = Exposition.scrape(this.http);

		assertThat(answer.statusCode()).isEqualTo(200);
		JsonNode usage = this.json.readTree(answer.body()).get("usage");
		assertThat(delta(before, after, "llm_requests_total", "model", MODEL, "provider", "simulator", "status", "200",
				"key", "none"))
			.isEqualTo(1);
		assertThat(delta(before, after, "llm_tokens_prompt_total")).isEqualTo(usage.get("prompt_tokens").asInt());
		assertThat(delta(before, after, "llm_tokens_generated_total"))
			.isEqualTo(usage.get("completion_tokens").asInt());
		assertThat(delta(before, after, "llm_inference_duration_seconds_count", "model", MODEL, "provider", "simulator",
				"stream", "false"))
			.isEqualTo(1);
		assertThat(delta(before, after, "llm_gateway_overhead_seconds_count")).isEqualTo(1);
		assertThat(delta(before, after, "llm_time_to_first_token_seconds_count", TARGET)).isZero();
	}

	@Test
	void counts_time_to_first_token_for_a_stream() throws Exception {
		Exposition before = Exposition.scrape(this.http);
		HttpResponse<String> answer = this.http.post("/v1/chat/completions", chat(true));
		Exposition after = Exposition.scrape(this.http);

		assertThat(answer.body()).endsWith("data: [DONE]\n\n");
		assertThat(delta(before, after, "llm_time_to_first_token_seconds_count", TARGET)).isEqualTo(1);
		assertThat(delta(before, after, "llm_inference_duration_seconds_count", "model", MODEL, "provider", "simulator",
				"stream", "true"))
			.isEqualTo(1);
		assertThat(delta(before, after, "llm_tokens_generated_total")).isPositive();
	}

	@Test
	void counts_an_unknown_model_under_a_fixed_label_never_the_callers_string() throws Exception {
		Exposition before = Exposition.scrape(this.http);
		HttpResponse<String> answer = this.http.post("/v1/chat/completions",
				"{\"model\":\"caller-typed-xyz\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
		Exposition after = Exposition.scrape(this.http);

		assertThat(answer.statusCode()).isEqualTo(404);
		assertThat(delta(before, after, "llm_requests_total", "model", "unknown", "provider", "unknown", "status",
				"404", "key", "none"))
			.isEqualTo(1);
		assertThat(delta(before, after, "llm_errors_total", "type", "not_found")).isEqualTo(1);
		assertThat(after.text()).doesNotContain("caller-typed-xyz");
	}

	@Test
	void counts_requests_refused_before_the_chat_endpoint_runs() throws Exception {
		Exposition before = Exposition.scrape(this.http);
		HttpResponse<String> answer = this.http.post("/v1/chat/completions", "{not json");
		Exposition after = Exposition.scrape(this.http);

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(delta(before, after, "llm_requests_total", "model", "unknown", "provider", "unknown", "status",
				"400", "key", "none"))
			.isEqualTo(1);
		assertThat(delta(before, after, "llm_errors_total", "type", "invalid_request")).isEqualTo(1);
	}

	@Test
	void exposes_model_loaded_in_flight_and_every_error_type_from_the_start() throws Exception {
		Exposition metrics = Exposition.scrape(this.http);

		assertThat(metrics.value("llm_model_loaded", TARGET)).isEqualTo(1);
		assertThat(metrics.has("llm_requests_in_flight")).isTrue();
		assertThat(Labels.TYPES).allSatisfy((type) -> assertThat(metrics.has("llm_errors_total", "type", type))
			.as("llm_errors_total{type=%s}", type)
			.isTrue());
	}

	@Test
	void uses_latency_buckets_from_50_ms_to_2_minutes() throws Exception {
		this.http.post("/v1/chat/completions", chat(false));
		Exposition metrics = Exposition.scrape(this.http);

		String[] labels = { "model", MODEL, "provider", "simulator", "stream", "false" };
		assertThat(metrics.has("llm_inference_duration_seconds_bucket", with(labels, "le", "0.05"))).isTrue();
		assertThat(metrics.has("llm_inference_duration_seconds_bucket", with(labels, "le", "120.0"))).isTrue();
		assertThat(metrics.has("llm_inference_duration_seconds_bucket", with(labels, "le", "+Inf"))).isTrue();
	}

	@Test
	void whole_exposition_passes_promtool_check_metrics() throws Exception {
		this.http.post("/v1/chat/completions", chat(true));

		Promtool.check(this.http.get("/metrics").body(), "check", "metrics");
	}

	private static String chat(boolean stream) {
		return """
				{"model":"%s","stream":%s,"stream_options":%s,
				 "messages":[{"role":"user","content":"Quelle température pour des poulets de 21 jours ?"}]}"""
			.formatted(MODEL, stream, stream ? "{\"include_usage\":true}" : "null");
	}

	private static double delta(Exposition before, Exposition after, String name, String... labels) {
		return after.value(name, labels) - before.value(name, labels);
	}

	private static String[] with(String[] labels, String name, String value) {
		String[] all = java.util.Arrays.copyOf(labels, labels.length + 2);
		all[labels.length] = name;
		all[labels.length + 1] = value;
		return all;
	}

}
