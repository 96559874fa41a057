package com.intelia.llm.chat;

import java.net.http.HttpResponse;
import java.util.List;

import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.GatewayTest;
import com.intelia.llm.support.OpenAiSchemas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAI wire contract of {@code /v1/chat/completions} and {@code /v1/models} on the
 * simulator: every body and every chunk validates against OpenAI's official schemas.
 */
@GatewayTest
class ChatCompletionsContractTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final String MODEL = "intelia-llama-3.1-8b-aviculture";

	@LocalServerPort
	int port;

	GatewayClient client;

	@BeforeEach
	void setUp() {
		this.client = new GatewayClient(this.port);
	}

	@Test
	void blocking_answer_validates_and_echoes_the_alias() {
		HttpResponse<String> response = this.client.post("/v1/chat/completions", """
				{"model":"%s","messages":[{"role":"system","content":"Context: Ross 308, J21."},
				{"role":"user","content":"Quelle est la température idéale pour des poulets de 21 jours ?"}]}
				""".formatted(MODEL));
		assertThat(response.statusCode()).isEqualTo(200);
		OpenAiSchemas.assertValid(OpenAiSchemas.RESPONSE, response.body());
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("model").asString()).isEqualTo(MODEL);
		assertThat(body.get("id").asString()).startsWith("chatcmpl-");
		assertThat(body.get("created").asLong()).isBetween(System.currentTimeMillis() / 1000 - 60,
				System.currentTimeMillis() / 1000 + 1);
		JsonNode choice = body.get("choices").get(0);
		assertThat(choice.get("message").get("content").asString()).startsWith("[Réponse simulée]");
		assertThat(choice.get("message").has("refusal")).isTrue();
		assertThat(choice.get("message").get("refusal").isNull()).isTrue();
		assertThat(choice.get("logprobs").isNull()).isTrue();
		assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
		JsonNode usage = body.get("usage");
		assertThat(usage.get("total_tokens").asInt())
			.isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
		assertThat(response.headers().firstValue("X-LLM-Provider")).contains("simulator");
	}

	@Test
	void stream_chunks_validate_share_one_id_and_end_with_one_done() {
		HttpResponse<String> response = this.client.post("/v1/chat/completions", """
				{"model":"%s","stream":true,"messages":[{"role":"user","content":"What mortality is normal?"}]}
				""".formatted(MODEL));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		List<String> events = GatewayClient.events(response.body());
		assertThat(events.getLast()).isEqualTo("[DONE]");
		assertThat(events.stream().filter("[DONE]"::equals)).hasSize(1);
		List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(JSON::readTree).toList();
		chunks.forEach((chunk) -> OpenAiSchemas.assertValid(OpenAiSchemas.CHUNK, chunk.toString()));
		assertThat(chunks).extracting((chunk) -> chunk.get("id").asString())
			.containsOnly(chunks.get(0).get("id").asString());
		assertThat(chunks.get(0).get("choices").get(0).get("delta").get("role").asString()).isEqualTo("assistant");
		assertThat(chunks.stream().filter((chunk) -> !chunk.get("choices").get(0).get("finish_reason").isNull()))
			.hasSize(1);
		assertThat(chunks.getLast().get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.has("usage")).isFalse());
		String text = chunks.stream()
			.map((chunk) -> chunk.get("choices").get(0).get("delta").path("content").asString(""))
			.reduce("", String::concat);
		assertThat(text).startsWith("[Simulated answer] Early broiler mortality");
	}

	@Test
	void include_usage_adds_a_final_chunk_with_no_choices() {
		HttpResponse<String> response = this.client.post("/v1/chat/completions", """
				{"model":"%s","stream":true,"stream_options":{"include_usage":true},"max_tokens":3,
				"messages":[{"role":"user","content":"How should I light my layers?"}]}
				""".formatted(MODEL));
		List<String> events = GatewayClient.events(response.body());
		JsonNode usageChunk = JSON.readTree(events.get(events.size() - 2));
		OpenAiSchemas.assertValid(OpenAiSchemas.CHUNK, usageChunk.toString());
		assertThat(usageChunk.get("choices")).isEmpty();
		assertThat(usageChunk.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
		JsonNode finish = JSON.readTree(events.get(events.size() - 3));
		assertThat(finish.get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
	}

	@Test
	void streams_even_when_the_client_accepts_only_json() {
		HttpResponse<String> response = this.client.send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/v1/chat/completions"))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
					{"model":"%s","stream":true,"messages":[{"role":"user","content":"hello"}]}
					""".formatted(MODEL))));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(GatewayClient.events(response.body()).getLast()).isEqualTo("[DONE]");
	}

	@Test
	void models_list_and_model_validate() {
		HttpResponse<String> list = this.client.get("/v1/models");
		OpenAiSchemas.assertValid(OpenAiSchemas.MODEL_LIST, list.body());
		assertThat(JSON.readTree(list.body()).get("data").get(0).get("id").asString()).isEqualTo(MODEL);
		HttpResponse<String> one = this.client.get("/v1/models/" + MODEL);
		OpenAiSchemas.assertValid(OpenAiSchemas.MODEL, one.body());
	}

	@Test
	void request_id_is_echoed_or_generated() {
		HttpResponse<String> echoed = this.client.send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/v1/models"))
			.header("X-Request-Id", "abc-123")
			.GET());
		assertThat(echoed.headers().firstValue("X-Request-Id")).contains("abc-123");
		assertThat(this.client.get("/v1/models").headers().firstValue("X-Request-Id"))
			.hasValueSatisfying((id) -> assertThat(id).startsWith("req-"));
	}

	@Test
	void health_answers_up() {
		HttpResponse<String> health = this.client.get("/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(health.body()).get("status").asString()).isEqualTo("UP");
	}

}
