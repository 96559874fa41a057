package com.intelia.llm.chat;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.GatewayTest;
import com.intelia.llm.support.OpenAiSchemas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation follows the OpenAI specification: each failure is a 400 whose {@code param}
 * names the field, and a parameter the service cannot honour is rejected, never dropped.
 */
@GatewayTest
class RequestValidationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";

	@LocalServerPort
	int port;

	GatewayClient client;

	@BeforeEach
	void setUp() {
		this.client = new GatewayClient(this.port);
	}

	static Stream<Arguments> rejected() {
		return Stream.of(Arguments.of("\"temperature\":2.5", "temperature"),
				Arguments.of("\"temperature\":\"hot\"", "temperature"), Arguments.of("\"top_p\":1.5", "top_p"),
				Arguments.of("\"presence_penalty\":-3", "presence_penalty"),
				Arguments.of("\"frequency_penalty\":2.5", "frequency_penalty"),
				Arguments.of("\"max_tokens\":0", "max_tokens"), Arguments.of("\"max_tokens\":1.5", "max_tokens"),
				Arguments.of("\"max_completion_tokens\":-1", "max_completion_tokens"),
				Arguments.of("\"stream\":\"yes\"", "stream"),
				Arguments.of("\"stream_options\":{\"include_usage\":true}", "stream_options"),
				Arguments.of("\"tool_choice\":\"auto\"", "tool_choice"),
				Arguments.of("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]", "stop"),
				Arguments.of("\"stop\":[1]", "stop[0]"), Arguments.of("\"n\":2", "n"),
				Arguments.of("\"logprobs\":true", "logprobs"), Arguments.of("\"top_logprobs\":2", "top_logprobs"),
				Arguments.of("\"audio\":{\"voice\":\"alloy\"}", "audio"),
				Arguments.of("\"modalities\":[\"text\",\"audio\"]", "modalities"),
				Arguments.of("\"reasoning_effort\":\"high\"", "reasoning_effort"),
				Arguments.of("\"store\":true", "store"), Arguments.of("\"seed\":1099511627776", "seed"),
				Arguments.of("\"user\":42", "user"), Arguments.of("\"logit_bias\":{\"50256\":300}", "logit_bias.50256"),
				Arguments.of("\"top_k\":40", "top_k"),
				Arguments.of("\"response_format\":{\"type\":\"xml\"}", "response_format.type"),
				Arguments.of("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}",
						"response_format.json_schema.schema"),
				Arguments.of(
						"\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
								+ "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}",
						"tool_choice.function.name"),
				Arguments.of("\"tools\":[{\"type\":\"retrieval\"}]", "tools[0].type"),
				Arguments.of("\"prompt\":{\"id\":\"aviculture\",\"colour\":\"red\"}", "prompt.colour"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource
	void rejected(String field, String param) {
		assertRejected("{\"model\":\"intelia-llama-3.1-8b-aviculture\",\"messages\":[" + USER + "]," + field + "}",
				param);
	}

	static Stream<Arguments> rejected_messages() {
		return Stream.of(Arguments.of("", "messages"),
				Arguments.of("{\"role\":\"wizard\",\"content\":\"hi\"}", "messages[0].role"),
				Arguments.of("{\"content\":\"hi\"}", "messages[0].role"),
				Arguments.of("{\"role\":\"user\",\"content\":42}", "messages[0].content"),
				Arguments.of(
						"{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
								+ "{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://x/y.png\"}}]}",
						"messages[0].content[1]"),
				Arguments.of("{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}", "messages[0].content[0]"),
				Arguments.of("{\"role\":\"user\",\"content\":\"hi\",\"mood\":\"happy\"}", "messages[0].mood"),
				Arguments.of(USER + ",{\"role\":\"assistant\"}", "messages[1].content"),
				Arguments.of(USER + ",{\"role\":\"tool\",\"content\":\"42\"}", "messages[1].tool_call_id"),
				Arguments.of(USER + ",{\"role\":\"assistant\",\"content\":\"x\",\"refusal\":\"no\"}",
						"messages[1].refusal"),
				Arguments.of("\"just a string\"", "messages[0]"),
				Arguments.of("{\"role\":\"system\",\"content\":\"  \"}," + USER, "messages[0].content"),
				Arguments.of("{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"\"}]}," + USER,
						"messages[0].content"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource
	void rejected_messages(String messages, String param) {
		assertRejected("{\"model\":\"intelia-llama-3.1-8b-aviculture\",\"messages\":[" + messages + "]}", param);
	}

	@org.junit.jupiter.api.Test
	void a_missing_or_mistyped_model_is_named() {
		assertRejected("{\"messages\":[" + USER + "]}", "model");
		assertRejected("{\"model\":42,\"messages\":[" + USER + "]}", "model");
	}

	@org.junit.jupiter.api.Test
	void accepted_values_at_the_edges_pass() {
		HttpResponse<String> response = this.client.post("/v1/chat/completions",
				"{\"model\":\"intelia-llama-3.1-8b-aviculture\",\"messages\":[" + USER + "],\"temperature\":2,"
						+ "\"top_p\":0,\"presence_penalty\":-2,\"frequency_penalty\":2,\"max_tokens\":1,\"n\":1,"
						+ "\"logprobs\":false,\"stop\":\"\\n\",\"seed\":-5,\"user\":\"u1\",\"store\":false,"
						+ "\"logit_bias\":{\"50256\":-100},\"parallel_tool_calls\":false,\"audio\":null}");
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@org.junit.jupiter.api.Test
	void alias_caps_reject_larger_requests_by_name() {
		assertRejected("{\"model\":\"capped-model\",\"messages\":[" + USER + "],\"max_tokens\":101}", "max_tokens");
		assertRejected("{\"model\":\"capped-model\",\"messages\":[" + USER + "],\"max_completion_tokens\":500}",
				"max_completion_tokens");
		assertRejected("{\"model\":\"capped-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(51)
				+ "\"}]}", "messages");
		assertThat(this.client
			.post("/v1/chat/completions", "{\"model\":\"capped-model\",\"messages\":[" + USER + "],\"max_tokens\":100}")
			.statusCode()).isEqualTo(200);
	}

	private void assertRejected(String body, String param) {
		HttpResponse<String> response = this.client.post("/v1/chat/completions", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		OpenAiSchemas.assertValid(OpenAiSchemas.ERROR, response.body());
		JsonNode error = JSON.readTree(response.body()).get("error");
		assertThat(error.get("param").asString()).isEqualTo(param);
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
	}

}
