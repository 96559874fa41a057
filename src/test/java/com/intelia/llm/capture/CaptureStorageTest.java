package com.intelia.llm.capture;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.intelia.llm.capture.CaptureMetrics.Outcome;
import com.intelia.llm.support.ConcurrentClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What capture writes, read back with SQL, on SQLite and on a real PostgreSQL server.
 */
// Beside the sequential classes: no Spring, databases of its own (SQLite in a temporary
// folder, a fresh database on the shared PostgreSQL test server).
@ConcurrentClass
class CaptureStorageTest {

	@TempDir
	Path folder;

	private CaptureRig rig;

	@AfterEach
	void close() {
		if (this.rig != null) {
			this.rig.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void stores_every_field_of_an_offered_completion(String database) {
		this.rig = CaptureRig.on(database, this.folder).start();
		Instant at = Instant.parse("2025-03-01T08:00:00.123Z");
		CapturedCompletion completion = Completions.completion()
			.id("chatcmpl-stored")
			.at(at)
			.key("barn-app")
			.sent("Tu es un expert en aviculture.\n\nContext: Ross 308, J21.")
			.system("Context: Ross 308, J21.")
			.user("Quelle température à J21 ?")
			.tools("[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":{}}}]")
			.answer("Entre 22 et 24 °C.")
			.build();

		this.rig.capture(completion);

		Map<String, Object> row = this.rig.rows().get(0);
		assertThat(row).containsEntry("completion_id", "chatcmpl-stored")
			.containsEntry("key_name", "barn-app")
			.containsEntry("alias", "intelia-llama-3.1-8b-aviculture")
			.containsEntry("upstream", "simulator")
			.containsEntry("upstream_model", "sim-model")
			.containsEntry("prompt_id", "aviculture")
			.containsEntry("prompt_version", "v1")
			.containsEntry("system_prompt", "Tu es un expert en aviculture.\n\nContext: Ross 308, J21.")
			.containsEntry("finish_reason", "stop");
		assertThat(((Number) row.get("created_at")).longValue()).isEqualTo(at.toEpochMilli());
		assertThat(((Number) row.get("prompt_tokens")).intValue()).isEqualTo(12);
		assertThat(((Number) row.get("completion_tokens")).intValue()).isEqualTo(7);
		assertThat(((Number) row.get("ttft_ms")).longValue()).isEqualTo(-1);
		assertThat(((Number) row.get("duration_ms")).longValue()).isEqualTo(340);
		assertThat(json(row, "messages")).isEqualTo(CaptureRig.JSON.readTree(completion.messagesJson()));
		assertThat(json(row, "tools")).isEqualTo(CaptureRig.JSON.readTree(completion.toolsJson()));
		assertThat(json(row, "answer")).isEqualTo(CaptureRig.JSON.readTree(completion.answerJson()));
		assertThat(this.rig.count(Outcome.CAPTURED)).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void the_stored_copy_is_redacted_and_its_json_still_parses(String database) {
		this.rig = CaptureRig.on(database, this.folder, new CaptureRig.Options().redact("LOT-\\d{4}")).start();
		CapturedCompletion completion = Completions.completion()
			.sent("Expert avicole.\n\nContext: élevage de jean.dupont@ferme.fr, tél. +33 6 12 34 56 78")
			.user("Mon lot LOT-2291 tousse, appelez-moi au (514) 555-0199 ou écrivez à marie@example.com")
			.raw("""
					{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
					 "function":{"name":"notify","arguments":"{\\"email\\":\\"vet@clinic.ca\\",\\"phone\\":\\"06 12 34 56 78\\"}"}}]}""")
			.raw("{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sent to vet@clinic.ca\"}")
			.answer("J'ai prévenu vet@clinic.ca pour le lot LOT-2291.")
			.build();

		this.rig.capture(completion);

		Map<String, Object> row = this.rig.rows().get(0);
		String stored = row.values().toString();
		assertThat(stored).doesNotContain("jean.dupont", "marie@", "vet@clinic", "12 34 56 78", "555-0199", "LOT-2291");
		assertThat(stored).contains(Redactor.EMAIL_MARK, Redactor.PHONE_MARK, Redactor.CUSTOM_MARK);
		JsonNode messages = json(row, "messages");
		assertThat(messages.get(0).get("content").stringValue())
			.isEqualTo("Mon lot [redacted] tousse, appelez-moi au [phone] ou écrivez à [email]");
		String arguments = messages.get(1).at("/tool_calls/0/function/arguments").stringValue();
		assertThat(CaptureRig.JSON.readTree(arguments).get("email").stringValue()).isEqualTo("[email]");
		assertThat(messages.get(1).at("/tool_calls/0/id").stringValue()).isEqualTo("call_1");
		assertThat(messages.get(2).get("tool_call_id").stringValue()).isEqualTo("call_1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void rating_again_replaces_the_earlier_rating(String database) {
		this.rig = CaptureRig.on(database, this.folder).start();
		CapturedCompletion completion = Completions.simple("Question ?", "Réponse.");
		this.rig.capture(completion);

		this.rig.rate(completion.completionId(), -1, "faux", "La bonne réponse, voir a@b.fr.");
		this.rig.rate(completion.completionId(), 1, null, null);

		List<Map<String, Object>> feedback = this.rig.feedback();
		assertThat(feedback).hasSize(1);
		assertThat(((Number) feedback.get(0).get("rating")).intValue()).isEqualTo(1);
		assertThat(feedback.get(0).get("comment")).isNull();
		assertThat(feedback.get(0).get("correction")).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void the_purge_deletes_what_is_older_than_the_retention_with_its_feedback(String database) {
		this.rig = CaptureRig.on(database, this.folder).start();
		Instant now = Instant.parse("2025-06-01T00:00:00Z");
		CapturedCompletion old = Completions.completion().at(now.minus(91, ChronoUnit.DAYS)).build();
		CapturedCompletion recent = Completions.completion().at(now.minus(89, ChronoUnit.DAYS)).build();
		this.rig.capture(old, recent);
		this.rig.rate(old.completionId(), 1, "bien", null);
		this.rig.rate(recent.completionId(), 1, "bien", null);

		long purged = this.rig.purge(90, Clock.fixed(now, ZoneOffset.UTC)).purge();

		assertThat(purged).isEqualTo(1);
		assertThat(this.rig.rows()).extracting((row) -> row.get("completion_id"))
			.containsExactly(recent.completionId());
		assertThat(this.rig.feedback()).extracting((row) -> row.get("completion_id"))
			.containsExactly(recent.completionId());
		assertThat(this.rig.count(Outcome.PURGED)).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void erasure_deletes_every_completion_of_one_key_and_nothing_else(String database) {
		this.rig = CaptureRig.on(database, this.folder).start();
		CapturedCompletion mine = Completions.completion().key("leaving-app").build();
		CapturedCompletion theirs = Completions.completion().key("barn-app").build();
		this.rig.capture(mine, theirs);
		this.rig.rate(mine.completionId(), -1, null, "Mieux.");

		int erased = this.rig.store.erase(this.rig.database.require(), "leaving-app");

		assertThat(erased).isEqualTo(1);
		assertThat(this.rig.rows()).extracting((row) -> row.get("key_name")).containsExactly("barn-app");
		assertThat(this.rig.feedback()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void the_same_completion_offered_twice_is_stored_once(String database) {
		this.rig = CaptureRig.on(database, this.folder).start();
		CapturedCompletion completion = Completions.simple("Q ?", "R.");

		this.rig.capture(completion);
		this.rig.capture(completion);

		assertThat(this.rig.rows()).hasSize(1);
		assertThat(this.rig.database.state()).isEqualTo(CaptureDatabase.State.UP);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void migrating_an_existing_database_again_keeps_its_rows(String database) {
		this.rig = CaptureRig.on(database, this.folder).start();
		this.rig.capture(Completions.simple("Q ?", "R."));
		this.rig.close();

		this.rig = CaptureRig.at(this.rig.url, new CaptureRig.Options()).start();

		assertThat(this.rig.rows()).hasSize(1);
		assertThat(this.rig.database.state()).isEqualTo(CaptureDatabase.State.UP);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void writes_keep_up_with_many_completions_offered_at_once(String database) {
		this.rig = CaptureRig.on(database, this.folder).start();
		CapturedCompletion[] many = new CapturedCompletion[500];
		for (int i = 0; i < many.length; i++) {
			many[i] = Completions.simple("Question " + i + " ?", "Réponse " + i + ".");
		}

		this.rig.capture(many);

		assertThat(this.rig.rows()).hasSize(500);
		assertThat(this.rig.count(Outcome.DROPPED_QUEUE_FULL)).isZero();
	}

	private static JsonNode json(Map<String, Object> row, String column) {
		return CaptureRig.JSON.readTree((String) row.get(column));
	}

}
