package com.intelia.llm.transport;

import java.net.http.HttpResponse;
import java.util.List;

import com.intelia.llm.transport.Gateway.Streamed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the caller gets back from a vLLM upstream: answers, tool calls and usage, blocking
 * and streamed, and upstream errors before and during a stream.
 */
class UpstreamAnswersTest extends WireMockVllmTest {

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

}
