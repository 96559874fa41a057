package com.intelia.llm.apidocs;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;

import com.intelia.llm.support.GatewayClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request bodies are read as free JSON, so their schemas are written by hand; these
 * tests hold them to what the endpoints accept. A parameter counts as read when a wrong
 * value for it is refused as a wrong value, and as refused when it is refused by name
 * ({@code unsupported_parameter}), whatever its value.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "llm.simulator.ttft-ms=0", "llm.simulator.itl-ms=0" })
class RequestDocsTest {

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	GatewayClient http;

	JsonNode schemas;

	@BeforeEach
	void document() {
		this.http = new GatewayClient(this.port);
		this.schemas = this.json.readTree(this.http.get("/openapi.json").body()).at("/components/schemas");
	}

	@Test
	void the_chat_request_documents_each_openai_parameter_the_service_reads_and_no_other() throws Exception {
		Set<String> documented = new TreeSet<>(this.schemas.at("/ChatCompletionRequest/properties").propertyNames());
		Set<String> openAi = openAiRequestParameters();
		Set<String> refused = new TreeSet<>();
		Set<String> all = new TreeSet<>(documented);
		all.addAll(openAi);
		for (String parameter : all) {
			ObjectNode body = this.json.createObjectNode().put("model", "intelia-llama-3.1-8b-aviculture");
			body.putArray("messages").addObject().put("role", "user").put("content", "Bonjour");
			body.put(parameter, "?");
			if (refusedByName(this.http.post("/v1/chat/completions", body.toString()), parameter)) {
				refused.add(parameter);
			}
		}

		assertThat(refused).as("documented, yet refused by name").doesNotContainAnyElementsOf(documented);
		openAi.removeAll(documented);
		assertThat(openAi).as("neither documented nor refused").isSubsetOf(refused);
		assertThat(refused).as("a parameter the test saw refused").contains("top_logprobs", "audio");
	}

	@Test
	void feedback_takes_the_documented_fields_requires_the_required_ones_and_refuses_any_other() {
		JsonNode schema = this.schemas.get("FeedbackRequest");
		ObjectNode whole = this.json.createObjectNode().put("completion_id", "chatcmpl-unknown").put("rating", 1);
		schema.get("properties").propertyNames().forEach((field) -> {
			if (!whole.has(field)) {
				whole.put(field, "A text.");
			}
		});

		Set<String> required = new TreeSet<>();
		schema.get("required").forEach((field) -> required.add(field.asString()));

		assertThat(status(whole)).as("every documented field").isNotEqualTo(400);
		whole.propertyNames().forEach((field) -> {
			ObjectNode without = whole.deepCopy();
			without.remove(field);
			assertThat(status(without) == 400).as("without " + field).isEqualTo(required.contains(field));
		});
		ObjectNode extra = whole.deepCopy().put("extra", "A text.");
		assertThat(refusedByName(this.http.post("/v1/feedback", extra.toString()), "extra")).isTrue();
	}

	private int status(JsonNode feedback) {
		return this.http.post("/v1/feedback", feedback.toString()).statusCode();
	}

	private boolean refusedByName(HttpResponse<String> answer, String parameter) {
		JsonNode error = this.json.readTree(answer.body()).path("error");
		return answer.statusCode() == 400 && "unsupported_parameter".equals(error.path("code").asString(""))
				&& parameter.equals(error.path("param").asString(""));
	}

	/**
	 * Every property of OpenAI's request, through its {@code allOf} and {@code $ref}s.
	 */
	private Set<String> openAiRequestParameters() throws Exception {
		try (InputStream in = getClass().getResourceAsStream("/openai/openai-chat-schemas.json")) {
			JsonNode openAi = this.json.readTree(in);
			Set<String> names = new TreeSet<>();
			collect(openAi, openAi.at("/components/schemas/CreateChatCompletionRequest"), names);
			return names;
		}
	}

	private static void collect(JsonNode document, JsonNode schema, Set<String> names) {
		if (schema.has("$ref")) {
			collect(document, document.at(schema.get("$ref").asString().substring(1)), names);
		}
		schema.path("allOf").forEach((part) -> collect(document, part, names));
		names.addAll(schema.path("properties").propertyNames());
	}

}
