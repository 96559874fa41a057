package com.intelia.llm.capture;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.intelia.llm.support.ConcurrentClass;
import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.GatewayTest;
import com.intelia.llm.support.LoggingLock;
import com.intelia.llm.support.OpenAiErrors;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Feedback, export and erasure over real HTTP, with API keys, an admin key and capture on
 * (SQLite in a temporary folder). Completions are handed to {@link Capture} the way the
 * chat path does.
 */
// Beside the sequential classes: a context and a SQLite file of its own, on the simulator
// (not the scripted provider, whose script is shared).
@ConcurrentClass
// It starts a Spring Boot application, which sets logging up.
@ResourceLock(value = LoggingLock.KEY, mode = ResourceAccessMode.READ)
@GatewayTest
@TestPropertySource(properties = {
		"llm.access.api-keys=barn:sk-barn-0001,hatchery:sk-hatchery-0002,private:sk-private-0003 capture=never",
		"llm.access.admin-keys=ops:sk-ops-0009", "llm.capture.enabled=on", "llm.capture.retry-interval=200ms",
		"llm.capture.redact=Ferme [A-Z][a-z]+" })
@DirtiesContext
class CaptureEndpointsTest {

	private static final String BARN = "sk-barn-0001";

	private static final String HATCHERY = "sk-hatchery-0002";

	private static final String ADMIN = "sk-ops-0009";

	private static final Path FOLDER = folder();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("llm.capture.database.url", () -> "jdbc:sqlite:" + FOLDER.resolve("capture.db"));
	}

	@LocalServerPort
	int port;

	GatewayClient client;

	@BeforeEach
	void client() {
		this.client = new GatewayClient(this.port);
	}

	@Autowired
	Capture capture;

	@Autowired
	CaptureDatabase database;

	@Autowired
	MeterRegistry registry;

	@Test
	void a_key_rates_its_own_completion_and_rating_again_replaces_it() {
		CapturedCompletion completion = captured(Completions.completion().key("barn").user("Q ?").build());

		HttpResponse<String> first = client(BARN).post("/v1/feedback", """
				{"completion_id":"%s","rating":1,"comment":"Très utile"}""".formatted(completion.completionId()));
		HttpResponse<String> second = client(BARN).post("/v1/feedback", """
				{"completion_id":"%s","rating":-1,"correction":"Plutôt 24 °C, voir la Ferme Martin ou x@y.fr"}"""
			.formatted(completion.completionId()));

		assertThat(first.statusCode()).isEqualTo(204);
		assertThat(second.statusCode()).isEqualTo(204);
		Map<String, Object> row = feedback(completion.completionId()).get(0);
		assertThat(((Number) row.get("rating")).intValue()).isEqualTo(-1);
		assertThat(row.get("comment")).isNull();
		assertThat(row.get("correction")).isEqualTo("Plutôt 24 °C, voir la [redacted] ou [email]");
	}

	@Test
	void another_keys_completion_or_an_unknown_one_is_404() {
		CapturedCompletion completion = captured(Completions.completion().key("barn").user("Q ?").build());

		for (String[] attempt : List.of(new String[] { HATCHERY, completion.completionId() },
				new String[] { BARN, "chatcmpl-never-captured" })) {
			HttpResponse<String> response = client(attempt[0]).post("/v1/feedback",
					"{\"completion_id\":\"" + attempt[1] + "\",\"rating\":1}");

			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(OpenAiErrors.assertEnvelope(response).get("code").stringValue())
				.isEqualTo("completion_not_found");
		}
		assertThat(feedback(completion.completionId())).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			no completion_id       | {"rating":1}                                             | completion_id
			empty completion_id    | {"completion_id":"","rating":1}                          | completion_id
			no rating              | {"completion_id":"chatcmpl-1"}                           | rating
			rating 2               | {"completion_id":"chatcmpl-1","rating":2}                | rating
			rating as text         | {"completion_id":"chatcmpl-1","rating":"1"}              | rating
			rating 1.0             | {"completion_id":"chatcmpl-1","rating":1.0}              | rating
			comment not text       | {"completion_id":"chatcmpl-1","rating":1,"comment":5}    | comment
			empty correction       | {"completion_id":"chatcmpl-1","rating":1,"correction":""}| correction
			unknown field          | {"completion_id":"chatcmpl-1","rating":1,"score":5}      | score
			""")
	void bad_feedback_is_a_400_naming_the_field(String name, String body, String param) {
		HttpResponse<String> response = client(BARN).post("/v1/feedback", body);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(OpenAiErrors.assertEnvelope(response).get("param").stringValue()).isEqualTo(param);
	}

	@Test
	void feedback_that_is_not_a_json_object_is_a_400() {
		assertThat(client(BARN).post("/v1/feedback", "[1]").statusCode()).isEqualTo(400);
		assertThat(client(BARN).post("/v1/feedback", "{").statusCode()).isEqualTo(400);
	}

	@Test
	void only_an_admin_key_exports_and_an_admin_key_does_not_chat() {
		HttpResponse<String> none = this.client.get("/v1/datasets/export?format=openai-sft");
		HttpResponse<String> ordinary = client(BARN).get("/v1/datasets/export?format=openai-sft");
		HttpResponse<String> admin = client(ADMIN).get("/v1/datasets/export?format=openai-sft");

		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(ordinary.statusCode()).isEqualTo(403);
		assertThat(OpenAiErrors.assertEnvelope(ordinary).get("code").stringValue()).isEqualTo("permission_denied");
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(admin.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/x-ndjson"));
		assertThat(client(ADMIN).post("/v1/chat/completions", Completions.CHAT_REQUEST).statusCode()).isEqualTo(403);
		assertThat(client(ADMIN).get("/v1/models").statusCode()).isEqualTo(403);
		assertThat(client(BARN).delete("/v1/datasets/captures?key_name=barn").statusCode()).isEqualTo(403);
		assertThat(client(BARN).post("/v1/chat/completions", Completions.CHAT_REQUEST).statusCode()).isEqualTo(200);
	}

	@Test
	void exports_over_http_follow_the_format_rules_and_are_redacted() {
		CapturedCompletion completion = captured(Completions.completion()
			.key("hatchery")
			.sent("Expert.\n\nContext: Ferme Leblanc, 06 12 34 56 78")
			.system("Context: Ferme Leblanc, 06 12 34 56 78")
			.user("Écrivez à leblanc@ferme.fr")
			.answer("C'est noté pour leblanc@ferme.fr.")
			.build());
		client(HATCHERY).post("/v1/feedback", """
				{"completion_id":"%s","rating":-1,"correction":"Je ne garde pas les adresses."}"""
			.formatted(completion.completionId()));

		for (String format : List.of("openai-sft", "trl-kto", "trl-dpo")) {
			HttpResponse<String> response = client(ADMIN).get("/v1/datasets/export?format=" + format);

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("Écrivez à [email]", "[redacted]", "[phone]")
				.doesNotContain("leblanc@", "Leblanc", "12 34 56 78");
			assertThat(response.body().contains("Je ne garde pas les adresses.")).isEqualTo(!format.equals("trl-kto"));
			response.body()
				.lines()
				.map(CaptureRig.JSON::readTree)
				.forEach((JsonNode line) -> assertThat(FormatRules.violations(format, line)).as(line.toString())
					.isEmpty());
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			no format            | format=                                  | format
			unknown format       | format=csv                               | format
			format twice         | format=trl-kto&format=trl-dpo            | format
			bad since            | format=trl-kto&since=yesterday           | since
			until before since   | format=trl-kto&since=2025-03-02&until=2025-03-01 | until
			bad system_prompt    | format=trl-kto&system_prompt=drop        | system_prompt
			unknown parameter    | format=trl-kto&limit=10                  | limit
			""")
	void bad_export_parameters_are_a_400_naming_them(String name, String query, String param) {
		HttpResponse<String> response = client(ADMIN).get("/v1/datasets/export?" + query);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(OpenAiErrors.assertEnvelope(response).get("param").stringValue()).isEqualTo(param);
	}

	@Test
	void erasure_deletes_a_keys_captures_and_names_the_count() {
		captured(Completions.completion().key("leaving").user("Q ?").build());
		captured(Completions.completion().key("leaving").user("Q2 ?").build());

		HttpResponse<String> missing = client(ADMIN).delete("/v1/datasets/captures");
		HttpResponse<String> erased = client(ADMIN).delete("/v1/datasets/captures?key_name=leaving");

		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(OpenAiErrors.assertEnvelope(missing).get("param").stringValue()).isEqualTo("key_name");
		assertThat(erased.statusCode()).isEqualTo(200);
		assertThat(CaptureRig.JSON.readTree(erased.body()).get("deleted").intValue()).isEqualTo(2);
		assertThat(this.database.require()
			.jdbc()
			.queryForObject("SELECT COUNT(*) FROM capture_completion WHERE key_name = 'leaving'", Integer.class))
			.isZero();
	}

	@Test
	void a_key_marked_never_is_not_captured() {
		assertThat(this.capture.enabledFor("private")).isFalse();
		assertThat(this.capture.enabledFor("barn")).isTrue();
	}

	@Test
	void health_and_metrics_show_capture_at_work() {
		captured(Completions.completion().key("barn").user("Q ?").build());

		HttpResponse<String> health = this.client.get("/health/capture");
		JsonNode capture = CaptureRig.JSON.readTree(health.body());

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(capture.at("/components/captureDatabase/status").stringValue()).isEqualTo("UP");
		assertThat(capture.at("/components/captureDatabase/details/database").stringValue()).isEqualTo("sqlite");
		assertThat(capture.at("/components/captureDatabase/details/capturing").booleanValue()).isTrue();
		assertThat(this.client.get("/metrics").body()).contains("llm_capture_records_total{outcome=\"captured\"}",
				"llm_capture_database_up 1.0", "llm_capture_queue_size");
	}

	@Test
	void a_blocking_chat_answer_is_captured_with_what_was_sent_and_rated_by_its_id() {
		HttpResponse<String> answer = client(BARN).post("/v1/chat/completions", """
				{"model":"intelia-llama-3.1-8b-aviculture","messages":[
				 {"role":"system","content":"Context: Ross 308, J21, contact jean@example.fr"},
				 {"role":"user","content":"Quelle température à J21 ?"}]}""");
		assertThat(answer.statusCode()).isEqualTo(200);
		JsonNode completion = CaptureRig.JSON.readTree(answer.body());
		String id = completion.get("id").stringValue();

		Map<String, Object> row = awaitCaptured(id);
		assertThat(row.get("key_name")).isEqualTo("barn");
		assertThat(row.get("alias")).isEqualTo("intelia-llama-3.1-8b-aviculture");
		assertThat(row.get("upstream")).isEqualTo("simulator");
		assertThat(row.get("prompt_id")).isEqualTo("aviculture");
		assertThat((String) row.get("system_prompt")).contains("Context: Ross 308, J21", "[email]")
			.doesNotContain("jean@example.fr");
		assertThat((String) row.get("messages")).contains("Quelle température à J21 ?");
		assertThat(CaptureRig.JSON.readTree((String) row.get("answer")).get("content").stringValue())
			.isEqualTo(completion.at("/choices/0/message/content").stringValue());
		assertThat(client(BARN).post("/v1/feedback", "{\"completion_id\":\"" + id + "\",\"rating\":1}").statusCode())
			.isEqualTo(204);
	}

	@Test
	void a_streamed_answer_is_captured_joined_into_one_message_under_the_streams_id() {
		HttpResponse<String> answer = client(HATCHERY).post("/v1/chat/completions", """
				{"model":"intelia-llama-3.1-8b-aviculture","stream":true,
				 "messages":[{"role":"user","content":"Comment vérifier le débit d'eau ?"}]}""");
		assertThat(answer.statusCode()).isEqualTo(200);
		List<JsonNode> chunks = GatewayClient.events(answer.body())
			.stream()
			.filter((event) -> !"[DONE]".equals(event))
			.map(CaptureRig.JSON::readTree)
			.toList();
		StringBuilder text = new StringBuilder();
		chunks.forEach((chunk) -> text.append(chunk.at("/choices/0/delta/content").asString("")));

		Map<String, Object> row = awaitCaptured(chunks.get(0).get("id").stringValue());
		JsonNode message = CaptureRig.JSON.readTree((String) row.get("answer"));
		assertThat(message.get("role").stringValue()).isEqualTo("assistant");
		assertThat(message.get("content").stringValue()).isEqualTo(text.toString());
		assertThat(((Number) row.get("ttft_ms")).longValue()).isNotNegative();
	}

	@Test
	void a_failed_answer_and_a_never_captured_key_leave_nothing() {
		HttpResponse<String> refused = client(BARN).post("/v1/chat/completions", """
				{"model":"no-such-model","messages":[{"role":"user","content":"Bonjour"}]}""");
		HttpResponse<String> privateAnswer = client("sk-private-0003").post("/v1/chat/completions", """
				{"model":"intelia-llama-3.1-8b-aviculture","messages":[{"role":"user","content":"Bonjour"}]}""");

		assertThat(refused.statusCode()).isEqualTo(404);
		assertThat(privateAnswer.statusCode()).isEqualTo(200);
		String id = CaptureRig.JSON.readTree(privateAnswer.body()).get("id").stringValue();
		// A capture that was offered would be written within this time: the queue is
		// tiny.
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> completionRow(id).isEmpty());
	}

	private Map<String, Object> awaitCaptured(String completionId) {
		await().atMost(Duration.ofSeconds(20)).until(() -> !completionRow(completionId).isEmpty());
		return completionRow(completionId).get(0);
	}

	private List<Map<String, Object>> completionRow(String completionId) {
		return this.database.require()
			.jdbc()
			.queryForList("SELECT * FROM capture_completion WHERE completion_id = ?", completionId);
	}

	private CapturedCompletion captured(CapturedCompletion completion) {
		double before = this.registry.get("llm.capture.records").tag("outcome", "captured").counter().count();
		this.capture.offer(completion);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.registry.get("llm.capture.records")
				.tag("outcome", "captured")
				.counter()
				.count() > before);
		return completion;
	}

	private List<Map<String, Object>> feedback(String completionId) {
		return this.database.require()
			.jdbc()
			.queryForList("SELECT * FROM capture_feedback WHERE completion_id = ?", completionId);
	}

	private static Path folder() {
		try {
			Path folder = Files.createTempDirectory("capture-endpoints-");
			folder.toFile().deleteOnExit();
			return folder;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The gateway as a caller with this key sees it. */
	private GatewayClient client(String key) {
		return this.client.withKey(key);
	}

}
