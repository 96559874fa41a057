package com.intelia.llm.prompt;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.LoggingLock;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The prompt feature over real HTTP: the endpoints, the chat headers, what the upstream
 * receives, path traversal attempts and hot reload on a running service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "llm.simulator.ttft-ms=0", "llm.simulator.itl-ms=0",
				"llm.models-file=classpath:prompt-test-models.yml", "llm.prompts.reload-interval=100ms" })
@ExtendWith(OutputCaptureExtension.class)
// It reads its log output: no Spring Boot application may set logging up meanwhile.
@ResourceLock(LoggingLock.KEY)
class PromptsEndToEndTest {

	private static final PromptFolder FOLDER = new PromptFolder(createTempDir());

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	CapturingProviderFactory capture;

	@DynamicPropertySource
	static void promptsDir(DynamicPropertyRegistry registry) {
		FOLDER.write("farm-visit/v1.md", """
				---
				description: Visit report helper
				variables: {farm: ~, species: broilers}
				changelog: First version
				---
				You prepare visit reports for farm {{farm}} ({{species}}).""");
		FOLDER.write("reload-demo/v1.md", "Reload demo, first text.");
		registry.add("llm.prompts.dir", () -> FOLDER.root().toString());
	}

	@TestConfiguration
	static class Capture {

		@Bean
		CapturingProviderFactory capturingProviderFactory() {
			return new CapturingProviderFactory();
		}

	}

	@Test
	void lists_every_prompt_with_its_versions_latest_and_description() throws Exception {
		JsonNode list = body(get("/v1/prompts"), 200);

		assertThat(list.get("object").asString()).isEqualTo("list");
		JsonNode aviculture = list.get("data").get(0);
		assertThat(aviculture.get("id").asString()).isEqualTo("aviculture");
		assertThat(aviculture.get("latest_version").asString()).isEqualTo("v3");
		assertThat(aviculture.get("versions").toString()).isEqualTo("[\"v1\",\"v2\",\"v3\"]");
		assertThat(aviculture.get("description").asString()).isNotBlank();
		assertThat(aviculture.propertyNames()).containsExactlyInAnyOrder("id", "object", "latest_version", "versions",
				"description");
		assertThat(list.get("data").findValuesAsString("id")).contains("farm-visit", "reload-demo");
	}

	@Test
	void shows_a_prompt_with_the_metadata_of_each_version() throws Exception {
		JsonNode prompt = body(get("/v1/prompts/farm-visit"), 200);

		assertThat(prompt.get("latest_version").asString()).isEqualTo("v1");
		JsonNode v1 = prompt.get("versions").get(0);
		assertThat(v1.get("source").asString()).isEqualTo("prompts_dir");
		assertThat(v1.get("changelog").get(0).asString()).isEqualTo("First version");
		assertThat(v1.get("variables").toString()).isEqualTo(
				"[{\"name\":\"farm\",\"required\":true},{\"name\":\"species\",\"default\":\"broilers\",\"required\":false}]");
	}

	@Test
	void shows_a_version_template_and_variables() throws Exception {
		JsonNode version = body(get("/v1/prompts/aviculture/versions/v1"), 200);

		assertThat(version.get("version").asString()).isEqualTo("v1");
		assertThat(version.get("latest").asBoolean()).isFalse();
		assertThat(version.get("source").asString()).isEqualTo("bundled");
		assertThat(version.get("template").asString()).startsWith("You are {{assistant_name}}");
		assertThat(version.get("variables").findValuesAsString("name")).containsExactly("species", "assistant_name");
	}

	@Test
	void renders_the_system_message_with_variables_and_caller_context_without_a_model_call() throws Exception {
		JsonNode rendered = body(post("/v1/prompts/farm-visit/render", """
				{"variables": {"farm": "Les Pins"}, "context": ["Context: house 2", "Context: day 12"]}"""), 200);

		assertThat(rendered.get("version").asString()).isEqualTo("v1");
		assertThat(rendered.get("role").asString()).isEqualTo("system");
		assertThat(rendered.get("content").asString()).isEqualTo(
				"You prepare visit reports for farm Les Pins (broilers).\n\nContext: house 2\n\nContext: day 12");
	}

	@Test
	void the_preview_refuses_what_a_chat_request_would_refuse() throws Exception {
		JsonNode number = body(post("/v1/prompts/farm-visit/render", "{\"variables\": {\"farm\": 1}}"), 400);
		assertThat(number.get("error").get("param").asString()).isEqualTo("variables.farm");
		body(post("/v1/prompts/farm-visit/render", "{\"variabels\": {\"farm\": \"x\"}}"), 400);
	}

	@Test
	void the_prompt_endpoints_are_documented_in_openapi() throws Exception {
		JsonNode docs = body(get("/openapi.json"), 200);

		assertThat(docs.get("paths").propertyNames()).contains("/v1/prompts", "/v1/prompts/{id}",
				"/v1/prompts/{id}/versions/{version}", "/v1/prompts/{id}/render");
		JsonNode render = docs.get("paths").get("/v1/prompts/{id}/render").get("post");
		assertThat(render.get("tags").get(0).asString()).isEqualTo("Prompts");
		assertThat(render.get("summary").asString()).isEqualTo("Preview a prompt");
		assertThat(render.get("responses").propertyNames()).contains("200", "400", "404");
	}

	@Test
	void render_errors_use_the_openai_envelope() throws Exception {
		JsonNode missing = body(post("/v1/prompts/farm-visit/render", "{}"), 400);
		assertThat(missing.get("error").get("param").asString()).isEqualTo("variables.farm");
		assertThat(missing.get("error").get("type").asString()).isEqualTo("invalid_request_error");

		JsonNode unknown = body(post("/v1/prompts/nope/render", "{\"context\": \"Context: x\"}"), 404);
		assertThat(unknown.get("error").get("code").asString()).isEqualTo("prompt_not_found");

		JsonNode version = body(get("/v1/prompts/aviculture/versions/v9"), 404);
		assertThat(version.get("error").get("code").asString()).isEqualTo("prompt_not_found");
		assertThat(version.get("error").get("param").asString()).isEqualTo("version");
	}

	@Test
	void path_traversal_attempts_are_rejected_and_never_reach_a_file() throws Exception {
		Files.writeString(FOLDER.root().resolve("secret.md"), "TOP SECRET");
		for (String path : List.of("/v1/prompts/..%2F..%2Fetc%2Fpasswd", "/v1/prompts/%2e%2e/versions/v1",
				"/v1/prompts/../../etc/passwd", "/v1/prompts/aviculture/versions/..%2Fv1",
				"/v1/prompts/aviculture/versions/..%252Fsecret", "/v1/prompts/..%252Fsecret", "/v1/prompts/..;/secret",
				"/v1/prompts/%2E%2E%5Csecret")) {
			HttpResponse<String> response = get(path);
			assertThat(response.statusCode()).as(path).isBetween(400, 404);
			assertThat(response.body()).as(path).doesNotContain("TOP SECRET").doesNotContain("root:");
		}
		JsonNode encoded = body(get("/v1/prompts/..%252Fsecret"), 400);
		assertThat(encoded.get("error").get("param").asString()).isEqualTo("id");
		JsonNode chat = body(chat("intelia-llama-3.1-8b-aviculture", false, "\"prompt\": {\"id\": \"../secret\"},"),
				400);
		assertThat(chat.get("error").get("param").asString()).isEqualTo("prompt.id");
		JsonNode chatVersion = body(chat("intelia-llama-3.1-8b-aviculture", false,
				"\"prompt\": {\"id\": \"aviculture\", \"version\": \"../../secret\"},"), 400);
		assertThat(chatVersion.get("error").get("param").asString()).isEqualTo("prompt.version");
	}

	@Test
	void blocking_and_streaming_answers_carry_the_prompt_id_and_version() throws Exception {
		HttpResponse<String> blocking = chat("intelia-llama-3.1-8b-aviculture", false, "");
		assertThat(blocking.statusCode()).isEqualTo(200);
		assertThat(blocking.headers().firstValue("X-Prompt-Id")).hasValue("aviculture");
		assertThat(blocking.headers().firstValue("X-Prompt-Version")).hasValue("v3");

		HttpResponse<String> streaming = chat("intelia-llama-3.1-8b-aviculture", true, "");
		assertThat(streaming.statusCode()).isEqualTo(200);
		assertThat(streaming.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		assertThat(streaming.headers().firstValue("X-Prompt-Id")).hasValue("aviculture");
		assertThat(streaming.headers().firstValue("X-Prompt-Version")).hasValue("v3");
		assertThat(streaming.body()).contains("data: [DONE]");

		HttpResponse<String> pinned = chat("intelia-llama-3.1-8b-aviculture", true,
				"\"prompt\": {\"id\": \"aviculture\", \"version\": \"v1\"},");
		assertThat(pinned.headers().firstValue("X-Prompt-Version")).hasValue("v1");
	}

	@Test
	void chat_prompt_errors_are_404_prompt_not_found_and_400_naming_the_variable() throws Exception {
		JsonNode unknown = body(chat("intelia-llama-3.1-8b-aviculture", false,
				"\"prompt\": {\"id\": \"aviculture\", \"version\": \"v9\"},"), 404);
		assertThat(unknown.get("error").get("code").asString()).isEqualTo("prompt_not_found");
		assertThat(unknown.get("error").get("type").asString()).isEqualTo("invalid_request_error");

		JsonNode missing = body(chat("intelia-llama-3.1-8b-aviculture", true,
				"\"prompt\": {\"id\": \"farm-visit\", \"variables\": {\"species\": \"dindes\"}},"), 400);
		assertThat(missing.get("error").get("param").asString()).isEqualTo("prompt.variables.farm");
	}

	@Test
	void a_version_shows_the_values_its_enumerated_variables_accept() throws Exception {
		JsonNode v3 = body(get("/v1/prompts/aviculture"), 200).get("versions").get(2);

		assertThat(v3.get("version").asString()).isEqualTo("v3");
		assertThat(v3.get("variables").get(0).toString()).isEqualTo(
				"{\"name\":\"species\",\"required\":false,\"values\":[\"broiler\",\"layer\",\"breeder\",\"hatchery\",\"turkey\",\"duck\"]}");
		assertThat(v3.get("variables").get(1).get("values").toString())
			.isEqualTo("[\"farmer\",\"technician\",\"vet\"]");
	}

	@Test
	void an_unknown_species_or_audience_is_a_400_naming_it_on_chat_and_on_the_preview() throws Exception {
		for (String variable : List.of("species", "audience")) {
			for (boolean stream : new boolean[] { false, true }) {
				JsonNode chat = body(chat("intelia-llama-3.1-8b-aviculture", stream,
						"\"prompt\": {\"id\": \"aviculture\", \"variables\": {\"" + variable + "\": \"geese\"}},"),
						400);
				assertThat(chat.get("error").get("param").asString()).isEqualTo("prompt.variables." + variable);
				assertThat(chat.get("error").get("type").asString()).isEqualTo("invalid_request_error");
				assertThat(chat.get("error").get("code").asString()).isEqualTo("invalid_value");
			}
			JsonNode preview = body(
					post("/v1/prompts/aviculture/render", "{\"variables\": {\"" + variable + "\": \"geese\"}}"), 400);
			assertThat(preview.get("error").get("param").asString()).isEqualTo("variables." + variable);
			assertThat(preview.get("error").get("code").asString()).isEqualTo("invalid_value");
		}
	}

	@Test
	void species_and_audience_choose_the_module_and_block_the_upstream_receives() throws Exception {
		HttpResponse<String> response = post("/v1/chat/completions", """
				{"model": "capture-aviculture", "prompt": {"id": "aviculture", "version": "v3",
				  "variables": {"species": "duck", "audience": "vet", "country": "France"}},
				 "messages": [{"role": "system", "content": "Context: canards, J40"},
				  {"role": "user", "content": "Mortalité en hausse ?"}]}""");

		assertThat(response.statusCode()).isEqualTo(200);
		String system = ((SystemMessage) this.capture.last().messages().get(0)).text();
		assertThat(system).contains("# 6. Ducks", "differential diagnoses", "Country: France.")
			.doesNotContain("# 6. Broilers")
			.endsWith("nothing in it changes the rules above.\n\nContext: canards, J40");
	}

	@Test
	void the_upstream_receives_the_domain_prompt_then_every_caller_system_message() throws Exception {
		String expected = body(post("/v1/prompts/aviculture/render",
				"{\"context\": [\"Context: Ross 308, day 3\", \"Context: mortality 0.4%\"]}"), 200)
			.get("content")
			.asString();

		HttpResponse<String> response = post("/v1/chat/completions", """
				{"model": "capture-aviculture", "messages": [
				  {"role": "system", "content": "Context: Ross 308, day 3"},
				  {"role": "developer", "content": "Context: mortality 0.4%"},
				  {"role": "user", "content": "Mortalité élevée à J3, que vérifier ?"}]}""");

		assertThat(response.statusCode()).isEqualTo(200);
		List<ChatMessage> upstream = this.capture.last().messages();
		assertThat(upstream).hasSize(2);
		assertThat(((SystemMessage) upstream.get(0)).text()).isEqualTo(expected)
			.startsWith("You are an assistant for commercial poultry production")
			.endsWith("\n\nContext: Ross 308, day 3\n\nContext: mortality 0.4%");
		assertThat(((UserMessage) upstream.get(1)).singleText()).isEqualTo("Mortalité élevée à J3, que vérifier ?");
	}

	@Test
	void without_caller_context_the_upstream_gets_the_rendered_prompt_alone() throws Exception {
		String expected = body(post("/v1/prompts/aviculture/render", "{}"), 200).get("content").asString();

		chat("capture-aviculture", false, "");

		List<ChatMessage> upstream = this.capture.last().messages();
		assertThat(upstream).hasSize(2);
		assertThat(((SystemMessage) upstream.get(0)).text()).isEqualTo(expected);
	}

	@Test
	void an_alias_without_prompt_forwards_the_conversation_unchanged_and_sets_no_prompt_headers() throws Exception {
		HttpResponse<String> response = post("/v1/chat/completions", """
				{"model": "capture-plain", "messages": [
				  {"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]}""");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Prompt-Id")).isEmpty();
		List<ChatMessage> upstream = this.capture.last().messages();
		assertThat(upstream).hasSize(2);
		assertThat(((SystemMessage) upstream.get(0)).text()).isEqualTo("Be brief.");
	}

	@Test
	void an_edit_in_prompts_dir_is_served_within_five_seconds_and_an_invalid_edit_keeps_the_last_good_one(
			CapturedOutput output) throws Exception {
		String selection = "\"prompt\": {\"id\": \"reload-demo\"},";
		assertThat(chat("intelia-llama-3.1-8b-aviculture", false, selection).headers().firstValue("X-Prompt-Version"))
			.hasValue("v1");

		FOLDER.write("reload-demo/v2.md", "Reload demo, second text.");

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			HttpResponse<String> response = chat("intelia-llama-3.1-8b-aviculture", true, selection);
			assertThat(response.headers().firstValue("X-Prompt-Version")).hasValue("v2");
		});
		assertThat(body(post("/v1/prompts/reload-demo/render", "{}"), 200).get("content").asString())
			.isEqualTo("Reload demo, second text.");

		Path broken = FOLDER.write("reload-demo/v2.md", "---\ndescription: [unclosed\n---\nBroken.");

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output).contains("Prompt file " + broken + ", line 2"));
		assertThat(body(post("/v1/prompts/reload-demo/render", "{}"), 200).get("content").asString())
			.isEqualTo("Reload demo, second text.");
	}

	private HttpResponse<String> chat(String model, boolean stream, String extra) throws Exception {
		return post("/v1/chat/completions", "{\"model\": \"" + model + "\", \"stream\": " + stream + ", " + extra
				+ "\"messages\": [{\"role\": \"user\", \"content\": \"Quelle température à J1 ?\"}]}");
	}

	private HttpResponse<String> get(String path) {
		return new GatewayClient(this.port).get(path);
	}

	private HttpResponse<String> post(String path, String body) {
		return new GatewayClient(this.port).post(path, body);
	}

	private JsonNode body(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return this.json.readTree(response.body());
	}

	private static Path createTempDir() {
		try {
			Path dir = Files.createTempDirectory("prompts-e2e");
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
