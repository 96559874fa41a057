package com.intelia.llm.apidocs;

import java.net.http.HttpResponse;
import java.util.List;

import com.intelia.llm.support.GatewayClient;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
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
 * Swagger UI at {@code /docs} and the OpenAPI document at {@code /openapi.json}: the chat
 * endpoint is described in full, and real answers validate against what it documents.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "llm.simulator.ttft-ms=0", "llm.simulator.itl-ms=0" })
class ApiDocsTest {

	static final List<String> ERROR_STATUSES = List.of("400", "401", "404", "405", "413", "415", "429", "502", "503",
			"504");

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
	void serves_swagger_ui_at_docs_reading_openapi_json() throws Exception {
		HttpResponse<String> docs = this.http.get("/docs");
		String ui = docs.headers().firstValue("Location").orElseThrow();

		assertThat(docs.statusCode()).isEqualTo(302);
		assertThat(this.http.get(ui).body()).contains("swagger-ui");
		assertThat(this.http.get("/openapi.json/swagger-config").body()).contains("\"url\":\"/openapi.json\"");
	}

	@Test
	void documents_the_chat_request_with_the_readme_example_and_the_prompt_extension() throws Exception {
		JsonNode document = document();
		JsonNode post = document.at("/paths/~1v1~1chat~1completions/post");
		JsonNode example = post.at("/requestBody/content/application~1json/examples/aviculture/value");

		assertThat(example.get("model").asString()).isEqualTo("intelia-llama-3.1-8b-aviculture");
		assertThat(example.at("/messages/0/content").asString())
			.isEqualTo("Context: Élevage de poulets de chair Ross 308, 25 000 sujets, J21.");
		assertThat(example.at("/messages/1/content").asString())
			.isEqualTo("Quelle est la température idéale pour des poulets de 21 jours ?");
		assertThat(example.get("temperature").asDouble()).isEqualTo(0.7);
		assertThat(example.get("max_tokens").asInt()).isEqualTo(500);
		JsonNode request = document.at("/components/schemas/ChatCompletionRequest");
		assertThat(request.at("/required").toString()).contains("model", "messages");
		assertThat(request.at("/properties/prompt/$ref").asString()).endsWith("/PromptReference");
		assertThat(document.at("/components/schemas/PromptReference/properties").propertyNames()).contains("id",
				"version", "variables");
	}

	@Test
	void documents_streaming_and_every_error_status_in_the_openai_envelope() throws Exception {
		JsonNode post = document().at("/paths/~1v1~1chat~1completions/post");

		assertThat(post.get("description").asString()).contains("data: [DONE]", "data: {\"error\"");
		assertThat(post.at("/responses/200/content/text~1event-stream/example").asString())
			.endsWith("data: [DONE]\n\n");
		assertThat(ERROR_STATUSES).allSatisfy((status) -> {
			JsonNode content = post.at("/responses/" + status + "/content/application~1json");
			assertThat(content.at("/schema/$ref").asString()).as(status).endsWith("/ErrorResponse");
			assertThat(content.at("/example/error").propertyNames()).as(status)
				.contains("message", "type", "param", "code");
		});
	}

	@Test
	void documents_bearer_and_x_api_key_as_optional_schemes() throws Exception {
		JsonNode document = document();

		assertThat(document.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
		assertThat(document.at("/components/securitySchemes/apiKey/name").asString()).isEqualTo("X-Api-Key");
		assertThat(document.at("/security").toString()).contains("{}");
	}

	@Test
	void real_answers_chunks_and_errors_validate_against_the_documented_schemas() throws Exception {
		String body = """
				{"model":"intelia-llama-3.1-8b-aviculture",%s"messages":[{"role":"user","content":"Bonjour"}]}""";
		HttpResponse<String> blocking = this.http.post("/v1/chat/completions", body.formatted(""));
		HttpResponse<String> stream = this.http.post("/v1/chat/completions",
				body.formatted("\"stream\":true,\"stream_options\":{\"include_usage\":true},"));
		HttpResponse<String> error = this.http.post("/v1/chat/completions", "{\"model\":\"gpt-4\",\"messages\":[]}");

		assertThat(blocking.statusCode()).isEqualTo(200);
		assertThat(errors("ChatCompletion", blocking.body())).isEmpty();
		assertThat(errors("ErrorResponse", error.body())).isEmpty();
		List<String> chunks = stream.body()
			.lines()
			.filter((line) -> line.startsWith("data: {"))
			.map((line) -> line.substring(6))
			.toList();
		assertThat(chunks).isNotEmpty()
			.allSatisfy((chunk) -> assertThat(errors("ChatCompletionChunk", chunk)).isEmpty());
	}

	private List<Error> errors(String schema, String instance) throws Exception {
		ObjectNode root = (ObjectNode) document();
		root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
		root.put("$ref", "#/components/schemas/" + schema);
		return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
			.getSchema(root)
			.validate(this.json.readTree(instance));
	}

	private JsonNode document() throws Exception {
		HttpResponse<String> response = this.http.get("/openapi.json");
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}
