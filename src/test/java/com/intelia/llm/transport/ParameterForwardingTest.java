package com.intelia.llm.transport;

import java.net.http.HttpResponse;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a vLLM upstream receives: every parameter the caller sent, over HTTP/1.1.
 */
class ParameterForwardingTest extends WireMockVllmTest {

	@Test
	void forwards_openai_and_vendor_parameters_unchanged() throws Exception {
		answerBlocking(COMPLETION);
		String request = """
				{"model":"test-model","messages":[{"role":"user","content":"hi"}],
				 "temperature":0.3,"top_p":0.9,"max_tokens":50,"max_completion_tokens":60,"stop":["END","STOP"],
				 "seed":42,"presence_penalty":0.5,"frequency_penalty":-0.5,"user":"u-1","logit_bias":{"50256":-100},
				 "parallel_tool_calls":false,"tools":[%s],"tool_choice":"auto","response_format":{"type":"json_object"},
				 "top_k":20,"min_p":0.05,"repetition_penalty":1.1,"chat_template_kwargs":{"enable_thinking":false},
				 "guided_json":{"type":"object","properties":{"a":{"type":"string"}}}}""".formatted(WEATHER_TOOL);

		HttpResponse<String> response = this.gateway.post(request);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode sent = Gateway.json(request);
		JsonNode received = upstreamBody();
		for (String field : List.of("messages", "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop",
				"seed", "presence_penalty", "frequency_penalty", "user", "logit_bias", "parallel_tool_calls", "tools",
				"tool_choice", "response_format", "top_k", "min_p", "repetition_penalty", "chat_template_kwargs",
				"guided_json")) {
			assertThat(received.get(field)).as(field).isEqualTo(sent.get(field));
		}
		assertThat(received.get("model").asString()).isEqualTo("upstream-model");
	}

	@Test
	void speaks_http_1_1_without_h2c_upgrade_and_sends_the_key() throws Exception {
		answerBlocking(COMPLETION);

		this.gateway.post("""
				{"model":"test-model","messages":[{"role":"user","content":"hi"}]}""");

		LoggedRequest request = upstreamRequest();
		assertThat(request.getProtocol()).isEqualTo("HTTP/1.1");
		assertThat(request.containsHeader("Upgrade")).isFalse();
		assertThat(request.containsHeader("HTTP2-Settings")).isFalse();
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer vllm-secret");
	}

	@Test
	void sends_a_single_stop_string_as_a_one_element_list() throws Exception {
		answerBlocking(COMPLETION);

		this.gateway.post("""
				{"model":"test-model","messages":[{"role":"user","content":"hi"}],"stop":"END"}""");

		// OpenAI's API takes a string or a list; LangChain4j only writes lists.
		assertThat(upstreamBody().get("stop")).isEqualTo(Gateway.json("[\"END\"]"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"auto\"", "\"none\"", "\"required\"",
			"{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}" })
	void forwards_every_tool_choice_unchanged(String toolChoice) throws Exception {
		answerBlocking(COMPLETION);

		this.gateway.post("""
				{"model":"test-model","messages":[{"role":"user","content":"hi"}],"tools":[%s],"tool_choice":%s}"""
			.formatted(WEATHER_TOOL, toolChoice));

		String body = upstreamRequest().getBodyAsString();
		assertThat(Gateway.json(body).get("tool_choice")).isEqualTo(Gateway.json(toolChoice));
		assertThat(body.split("\"tool_choice\"", -1)).as("tool_choice written once").hasSize(2);
	}

	@Test
	void forwards_a_strict_json_schema_and_a_strict_tool_unchanged() throws Exception {
		answerBlocking(COMPLETION);
		String strictTool = """
				{"type":"function","function":{"name":"record","strict":true,"parameters":{"type":"object",
				 "properties":{"flock":{"type":"string"},"count":{"type":["integer","null"]}},
				 "required":["flock","count"],"additionalProperties":false}}}""";
		String format = """
				{"type":"json_schema","json_schema":{"name":"answer","strict":true,"schema":{"type":"object",
				 "properties":{"answer":{"type":"string"},"confidence":{"type":"number"}},
				 "required":["answer","confidence"],"additionalProperties":false}}}""";

		this.gateway.post("""
				{"model":"test-model","messages":[{"role":"user","content":"hi"}],"tools":[%s],"response_format":%s}"""
			.formatted(strictTool, format));

		JsonNode received = upstreamBody();
		assertThat(received.get("response_format")).isEqualTo(Gateway.json(format));
		assertThat(received.get("tools").get(0)).isEqualTo(Gateway.json(strictTool));
	}

	@Test
	void forwards_loose_tools_and_formats_exactly_as_written() throws Exception {
		answerBlocking(COMPLETION);
		String looseTool = """
				{"type":"function","function":{"name":"note","strict":false,"parameters":{"type":"object",
				 "properties":{"text":{"type":"string"}},"additionalProperties":false}}}""";
		String bareTool = """
				{"type":"function","function":{"name":"ping"}}""";
		String format = """
				{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"object"}}}""";

		this.gateway
			.post("""
					{"model":"test-model","messages":[{"role":"user","content":"hi"}],"tools":[%s,%s],"response_format":%s}"""
				.formatted(looseTool, bareTool, format));

		JsonNode received = upstreamBody();
		assertThat(received.get("tools").get(0)).isEqualTo(Gateway.json(looseTool));
		assertThat(received.get("tools").get(1)).isEqualTo(Gateway.json(bareTool));
		assertThat(received.get("response_format")).isEqualTo(Gateway.json(format));
	}

	@Test
	void forwards_assistant_tool_calls_and_tool_results() throws Exception {
		answerBlocking(COMPLETION);
		String messages = """
				[{"role":"user","content":"Weather in Paris?"},
				 {"role":"assistant","tool_calls":[{"id":"call_1","type":"function",
				  "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
				 {"role":"tool","tool_call_id":"call_1","content":"{\\"temp\\":21}"}]""";

		this.gateway.post("""
				{"model":"test-model","messages":%s,"tools":[%s]}""".formatted(messages, WEATHER_TOOL));

		JsonNode received = upstreamBody().get("messages");
		JsonNode sent = Gateway.json(messages);
		assertThat(received.get(1).get("role").asString()).isEqualTo("assistant");
		assertThat(received.get(1).get("tool_calls")).isEqualTo(sent.get(1).get("tool_calls"));
		assertThat(received.get(2)).isEqualTo(sent.get(2));
	}

}
