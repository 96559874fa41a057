package com.intelia.llm.transport;

import java.net.http.HttpResponse;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.intelia.llm.transport.Gateway.Streamed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
 * The gateway against a WireMock vLLM: what the upstream receives, and what the caller
 * gets back, blocking and streamed. {@code VLLM_URL} is given without {@code /v1}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=vllm", "llm.vllm.model=upstream-model", "llm.vllm.api-key=vllm-secret",
				"llm.models-file=classpath:transport/models.yml" })
class VllmUpstreamTest {

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

	@AfterAll
	static void stop() {
		upstream.stop();
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

	@Test
	void returns_upstream_tool_calls_when_blocking() throws Exception {
		answerBlocking(
				"""
						{"id":"chatcmpl-t","object":"chat.completion","created":1700000000,"model":"upstream-model",
						 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
						  {"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Lyon\\"}"}}]},
						  "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":9,"completion_tokens":5,"total_tokens":14}}""");

		HttpResponse<String> response = this.gateway.post("""
				{"model":"test-model","messages":[{"role":"user","content":"Lyon?"}],"tools":[%s]}"""
			.formatted(WEATHER_TOOL));

		JsonNode choice = Gateway.json(response.body()).get("choices").get(0);
		assertThat(choice.get("finish_reason").asString()).isEqualTo("tool_calls");
		JsonNode call = choice.get("message").get("tool_calls").get(0);
		assertThat(call.get("id").asString()).isEqualTo("call_9");
		assertThat(call.get("type").asString()).isEqualTo("function");
		assertThat(call.get("function").get("name").asString()).isEqualTo("get_weather");
		assertThat(call.get("function").get("arguments").asString()).isEqualTo("{\"city\":\"Lyon\"}");
	}

	@Test
	void streams_tool_call_arguments_in_order() throws Exception {
		answerStream(chunk("{\"role\":\"assistant\",\"content\":null}", "null"),
				chunk("""
						{"tool_calls":[{"index":0,"id":"call_9","type":"function","function":{"name":"get_weather","arguments":""}}]}""",
						"null"),
				chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", "null"),
				chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Lyon\\\"}\"}}]}", "null"),
				chunk("{}", "\"tool_calls\""), "[DONE]");

		Streamed streamed = this.gateway.stream("""
				{"model":"test-model","stream":true,"messages":[{"role":"user","content":"Lyon?"}],"tools":[%s]}"""
			.formatted(WEATHER_TOOL));

		StringBuilder arguments = new StringBuilder();
		String id = null;
		String name = null;
		for (JsonNode chunk : streamed.chunks()) {
			for (JsonNode call : chunk.path("choices").path(0).path("delta").path("tool_calls")) {
				id = call.path("id").isString() ? call.get("id").asString() : id;
				name = call.path("function").path("name").isString() ? call.get("function").get("name").asString()
						: name;
				arguments.append(call.path("function").path("arguments").asString(""));
			}
		}
		assertThat(id).isEqualTo("call_9");
		assertThat(name).isEqualTo("get_weather");
		assertThat(arguments.toString()).isEqualTo("{\"city\":\"Lyon\"}");
		assertThat(finishReasons(streamed)).containsExactly("tool_calls");
		assertThat(streamed.data()).last().isEqualTo("[DONE]");
	}

	@Test
	void streams_text_in_order_with_one_id_role_first_one_finish_reason_and_done_last() throws Exception {
		answerStream(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"), chunk("{\"content\":\"Bon\"}", "null"),
				chunk("{\"content\":\"jour\"}", "null"), chunk("{\"content\":\" !\"}", "null"), chunk("{}", "\"stop\""),
				"[DONE]");

		Streamed streamed = this.gateway.stream("""
				{"model":"test-model","stream":true,"messages":[{"role":"user","content":"Salut"}]}""");

		assertThat(streamed.status()).isEqualTo(200);
		assertThat(streamed.text()).isEqualTo("Bonjour !");
		assertThat(streamed.chunks()).extracting((c) -> c.get("id").asString())
			.containsOnly(streamed.chunks().get(0).get("id").asString());
		assertThat(streamed.chunks().get(0).path("choices").path(0).path("delta").path("role").asString())
			.isEqualTo("assistant");
		assertThat(finishReasons(streamed)).containsExactly("stop");
		assertThat(streamed.doneCount()).isEqualTo(1);
		assertThat(streamed.data()).last().isEqualTo("[DONE]");
		assertThat(streamed.chunks())
			.allSatisfy((c) -> assertThat(c.path("usage").isMissingNode() || c.get("usage").isNull()).isTrue());
	}

	@Test
	void include_usage_gives_a_final_usage_chunk_before_done() throws Exception {
		answerStream(chunk("{\"role\":\"assistant\",\"content\":\"Oui\"}", "null"), chunk("{}", "\"stop\""), """
				{"id":"chatcmpl-s1","object":"chat.completion.chunk","created":1700000000,"model":"upstream-model",\
				"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}""", "[DONE]");

		Streamed streamed = this.gateway.stream("""
				{"model":"test-model","stream":true,"stream_options":{"include_usage":true},
				 "messages":[{"role":"user","content":"Oui ?"}]}""");

		JsonNode last = streamed.chunks().get(streamed.chunks().size() - 1);
		assertThat(last.get("choices").isEmpty()).isTrue();
		assertThat(last.get("usage").get("prompt_tokens").asInt()).isEqualTo(4);
		assertThat(last.get("usage").get("completion_tokens").asInt()).isEqualTo(1);
		assertThat(last.get("usage").get("total_tokens").asInt()).isEqualTo(5);
		assertThat(streamed.data()).last().isEqualTo("[DONE]");
		assertThat(upstreamBody().get("stream").asBoolean()).isTrue();
	}

	@Test
	void an_upstream_error_before_the_first_token_is_a_real_http_error_with_retry_after() throws Exception {
		upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)
			.withHeader("Content-Type", "application/json")
			.withHeader("Retry-After", "7")
			.withBody("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":503}}")));

		HttpResponse<String> streamed = this.gateway.post("""
				{"model":"test-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
		HttpResponse<String> blocking = this.gateway.post("""
				{"model":"test-model","messages":[{"role":"user","content":"hi"}]}""");

		for (HttpResponse<String> response : List.of(streamed, blocking)) {
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
			assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
			JsonNode error = Gateway.json(response.body()).get("error");
			assertThat(error.get("code").asString()).isEqualTo("upstream_unavailable");
			assertThat(error.get("message").asString()).contains("overloaded");
		}
	}

	@Test
	void an_upstream_rate_limit_keeps_its_retry_after() throws Exception {
		upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(429)
			.withHeader("Retry-After", "3")
			.withBody("{\"error\":{\"message\":\"slow down\"}}")));

		HttpResponse<String> response = this.gateway.post("""
				{"model":"test-model","messages":[{"role":"user","content":"hi"}]}""");

		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
		assertThat(upstream.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).as("no LangChain4j retry")
			.hasSize(1);
	}

	@Test
	void a_mid_stream_error_event_ends_with_an_error_and_no_done() throws Exception {
		// vLLM sends [DONE] even after an error: the error must still win.
		answerStream(chunk("{\"role\":\"assistant\",\"content\":\"Bon\"}", "null"),
				"{\"error\":{\"message\":\"engine died\",\"type\":\"internal_error\",\"code\":500}}", "[DONE]");

		Streamed streamed = this.gateway.stream("""
				{"model":"test-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

		assertThat(streamed.status()).isEqualTo(200);
		assertThat(streamed.text()).isEqualTo("Bon");
		assertThat(streamed.doneCount()).isZero();
		JsonNode last = Gateway.json(streamed.data().get(streamed.data().size() - 1));
		assertThat(last.get("error").get("message").asString()).contains("engine died");
		assertThat(finishReasons(streamed)).isEmpty();
	}

	@Test
	void a_stream_that_ends_without_done_is_an_error_not_an_answer() throws Exception {
		answerStream(chunk("{\"role\":\"assistant\",\"content\":\"Bon\"}", "null"),
				chunk("{\"content\":\"jour\"}", "null"));

		Streamed streamed = this.gateway.stream("""
				{"model":"test-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

		assertThat(streamed.doneCount()).isZero();
		assertThat(Gateway.json(streamed.data().get(streamed.data().size() - 1)).has("error")).isTrue();
		assertThat(finishReasons(streamed)).isEmpty();
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
