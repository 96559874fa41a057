package com.intelia.llm.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.intelia.llm.support.ConcurrentClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three export formats, read line by line and checked against each format's rules
 * ({@link FormatRules}), on SQLite and on PostgreSQL.
 */
// Beside the sequential classes: no Spring, databases of its own (SQLite in a temporary
// folder, a fresh database on the shared PostgreSQL test server).
@ConcurrentClass
class ExportTest {

	private static final List<String> FORMATS = List.of("openai-sft", "trl-kto", "trl-dpo");

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
	void each_format_takes_the_rows_its_definition_names(String database) {
		this.rig = CaptureRig.on(database, this.folder).start();
		CapturedCompletion good = Completions.simple("Q bon ?", "Réponse bonne.");
		CapturedCompletion bad = Completions.simple("Q mauvais ?", "Réponse fausse.");
		CapturedCompletion corrected = Completions.simple("Q corrigé ?", "Réponse à corriger.");
		CapturedCompletion goodButCorrected = Completions.simple("Q nuancé ?", "Réponse correcte.");
		CapturedCompletion unrated = Completions.simple("Q sans note ?", "Réponse.");
		this.rig.capture(good, bad, corrected, goodButCorrected, unrated);
		this.rig.rate(good.completionId(), 1, null, null);
		this.rig.rate(bad.completionId(), -1, "faux", null);
		this.rig.rate(corrected.completionId(), -1, null, "La correction de l'expert.");
		this.rig.rate(goodButCorrected.completionId(), 1, null, "Une réponse encore meilleure.");

		List<JsonNode> sft = export("openai-sft");
		List<JsonNode> kto = export("trl-kto");
		List<JsonNode> dpo = export("trl-dpo");

		assertThat(sft).extracting((line) -> last(line.get("messages")).get("content").stringValue())
			.containsExactly("Réponse bonne.", "La correction de l'expert.", "Une réponse encore meilleure.");
		assertThat(kto)
			.extracting((line) -> line.get("completion").get(0).get("content").stringValue() + "|"
					+ line.get("label").booleanValue())
			.containsExactly("Réponse bonne.|true", "Réponse fausse.|false", "Réponse à corriger.|false",
					"Réponse correcte.|true");
		assertThat(dpo)
			.extracting((line) -> line.get("chosen").get(0).get("content").stringValue() + " > "
					+ line.get("rejected").get(0).get("content").stringValue())
			.containsExactly("La correction de l'expert. > Réponse à corriger.",
					"Une réponse encore meilleure. > Réponse correcte.");
		assertThat(kto.get(0).get("prompt")).isEqualTo(CaptureRig.JSON.readTree(good.messagesJson()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void the_system_prompt_sent_upstream_leads_unless_omitted(String database) {
		this.rig = CaptureRig.on(database, this.folder).start();
		CapturedCompletion withPrompt = Completions.completion()
			.sent("Tu es un expert avicole.\n\nContext: Ross 308, J21.")
			.system("Context: Ross 308, J21.")
			.user("Température ?")
			.build();
		CapturedCompletion withoutPrompt = Completions.completion()
			.promptVersion(null)
			.system("Réponds brièvement.")
			.user("Densité ?")
			.build();
		this.rig.capture(withPrompt, withoutPrompt);
		this.rig.rate(withPrompt.completionId(), 1, null, null);
		this.rig.rate(withoutPrompt.completionId(), 1, null, null);

		List<JsonNode> included = export("openai-sft");
		List<JsonNode> omitted = export("openai-sft", "system_prompt", "omit");

		assertThat(roles(included.get(0))).containsExactly("system", "user", "assistant");
		assertThat(included.get(0).at("/messages/0/content").stringValue())
			.isEqualTo("Tu es un expert avicole.\n\nContext: Ross 308, J21.");
		assertThat(omitted.get(0).at("/messages/0/content").stringValue()).isEqualTo("Context: Ross 308, J21.");
		assertThat(included.get(1).get("messages")).isEqualTo(omitted.get(1).get("messages"));
		assertThat(included.get(1).at("/messages/0/content").stringValue()).isEqualTo("Réponds brièvement.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void tool_calls_come_out_well_formed_with_the_tools_offered(String database) {
		this.rig = CaptureRig.on(database, this.folder).start();
		String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"barn_temperature\",\"parameters\":"
				+ "{\"type\":\"object\",\"properties\":{\"barn\":{\"type\":\"string\"}}}}}]";
		CapturedCompletion answered = Completions.completion()
			.tools(tools)
			.user("Quelle température dans le bâtiment 3 ?")
			.raw("""
					{"role":"assistant","content":null,"tool_calls":[{"id":"call_7","type":"function",
					 "function":{"name":"barn_temperature","arguments":"{\\"barn\\":\\"3\\"}"}}]}""")
			.raw("{\"role\":\"tool\",\"tool_call_id\":\"call_7\",\"content\":\"31.5\"}")
			.answer("Il fait 31,5 °C dans le bâtiment 3.")
			.build();
		CapturedCompletion calling = Completions.completion().tools(tools).user("Et le bâtiment 4 ?").answerJson("""
				{"role":"assistant","content":null,"tool_calls":[{"id":"call_8","type":"function",
				 "function":{"name":"barn_temperature","arguments":"{\\"barn\\":\\"4\\"}"}}]}""").build();
		this.rig.capture(answered, calling);
		this.rig.rate(answered.completionId(), 1, null, null);
		this.rig.rate(calling.completionId(), 1, null, null);

		List<JsonNode> sft = export("openai-sft");

		assertThat(sft).hasSize(2);
		assertThat(roles(sft.get(0))).containsExactly("user", "assistant", "tool", "assistant");
		assertThat(sft.get(0).at("/messages/1/tool_calls/0/function/arguments").stringValue())
			.isEqualTo("{\"barn\":\"3\"}");
		assertThat(sft.get(1).at("/messages/1/tool_calls/0/id").stringValue()).isEqualTo("call_8");
		assertThat(sft.get(0).get("tools")).isEqualTo(CaptureRig.JSON.readTree(tools));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void what_trainers_refuse_is_normalised_or_left_out(String database) {
		this.rig = CaptureRig.on(database, this.folder).start();
		CapturedCompletion developer = Completions.completion()
			.message("developer", "Sois précis.")
			.raw("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Première partie.\"},"
					+ "{\"type\":\"text\",\"text\":\"Seconde partie.\"}]}")
			.user("Et une question de plus ?")
			.build();
		CapturedCompletion systemInTheMiddle = Completions.completion()
			.user("Bonjour")
			.assistantTurn("Bonjour !")
			.system("Change de sujet.")
			.user("Alors ?")
			.build();
		CapturedCompletion brokenCall = Completions.completion()
			.user("Appelle l'outil")
			.answerJson("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_9\","
					+ "\"type\":\"function\",\"function\":{\"name\":\"x\",\"arguments\":\"not json\"}}]}")
			.build();
		this.rig.capture(developer, systemInTheMiddle, brokenCall);
		for (CapturedCompletion completion : List.of(developer, systemInTheMiddle, brokenCall)) {
			this.rig.rate(completion.completionId(), 1, null, null);
		}

		List<JsonNode> sft = export("openai-sft");

		assertThat(sft).hasSize(1);
		assertThat(roles(sft.get(0))).containsExactly("system", "user", "assistant");
		assertThat(sft.get(0).at("/messages/1/content").stringValue())
			.isEqualTo("Première partie.\nSeconde partie.\n\nEt une question de plus ?");
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void filters_by_time_alias_and_prompt_version(String database) {
		this.rig = CaptureRig.on(database, this.folder).start();
		CapturedCompletion march = Completions.completion()
			.user("En mars ?")
			.at(Instant.parse("2025-03-10T12:00:00Z"))
			.build();
		CapturedCompletion april = Completions.completion()
			.user("En avril ?")
			.at(Instant.parse("2025-04-10T12:00:00Z"))
			.build();
		CapturedCompletion otherAlias = Completions.completion()
			.user("Autre modèle ?")
			.at(Instant.parse("2025-04-11T12:00:00Z"))
			.alias("scripted-model")
			.build();
		CapturedCompletion v2 = Completions.completion()
			.user("Prompt v2 ?")
			.at(Instant.parse("2025-04-12T12:00:00Z"))
			.promptVersion("v2")
			.build();
		this.rig.capture(march, april, otherAlias, v2);
		for (CapturedCompletion completion : List.of(march, april, otherAlias, v2)) {
			this.rig.rate(completion.completionId(), 1, null, null);
		}

		assertThat(export("trl-kto", "since", "2025-04-01")).hasSize(3);
		assertThat(export("trl-kto", "until", "2025-04-01T00:00:00Z")).hasSize(1);
		assertThat(export("trl-kto", "alias", "scripted-model")).hasSize(1);
		assertThat(export("trl-kto", "prompt_version", "v2")).hasSize(1);
		assertThat(export("trl-kto", "since", "2025-04-01", "until", "2025-04-12", "alias",
				"intelia-llama-3.1-8b-aviculture", "prompt_version", "v1"))
			.hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void every_export_format_is_redacted(String database) {
		this.rig = CaptureRig.on(database, this.folder, new CaptureRig.Options().redact("Ferme Dupont")).start();
		CapturedCompletion completion = Completions.completion()
			.tools("[{\"type\":\"function\",\"function\":{\"name\":\"notify\",\"description\":"
					+ "\"writes to ops@intelia.com\",\"parameters\":{}}}]")
			.sent("Expert.\n\nContext: Ferme Dupont, contact paul@ferme.fr, +33 6 12 34 56 78")
			.system("Context: Ferme Dupont, contact paul@ferme.fr, +33 6 12 34 56 78")
			.user("Rappelez-moi au 514-555-0199 ou à paul@ferme.fr")
			.answer("Je vous rappelle au 514-555-0199.")
			.build();
		this.rig.capture(completion);
		this.rig.rate(completion.completionId(), -1, "Écrire à paul@ferme.fr",
				"Appelez le vétérinaire au 06 98 76 54 32 (Ferme Dupont).");

		for (String format : FORMATS) {
			for (String system : List.of("include", "omit")) {
				String text = exportText(format, "system_prompt", system);
				assertThat(text).as(format + " " + system)
					.isNotBlank()
					.doesNotContain("paul@", "ops@intelia", "12 34 56 78", "555-0199", "98 76 54 32", "Ferme Dupont")
					.contains("[email]", "[phone]", "[redacted]");
			}
		}
	}

	private List<JsonNode> export(String format, String... parameters) {
		String text = exportText(format, parameters);
		List<JsonNode> lines = text.lines().map(CaptureRig.JSON::readTree).toList();
		for (JsonNode line : lines) {
			assertThat(FormatRules.violations(format, line)).as(line.toString()).isEmpty();
		}
		assertThat(text).satisfiesAnyOf((all) -> assertThat(all).isEmpty(), (all) -> assertThat(all).endsWith("\n"));
		return lines;
	}

	private String exportText(String format, String... parameters) {
		Map<String, String[]> query = new HashMap<>();
		query.put("format", new String[] { format });
		for (int i = 0; i < parameters.length; i += 2) {
			query.put(parameters[i], new String[] { parameters[i + 1] });
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.rig.export.write(this.rig.database.require(), ExportQuery.from(query), out);
		return out.toString(StandardCharsets.UTF_8);
	}

	private static List<String> roles(JsonNode line) {
		return line.get("messages").valueStream().map((message) -> message.get("role").stringValue()).toList();
	}

	private static JsonNode last(JsonNode array) {
		return array.get(array.size() - 1);
	}

}
