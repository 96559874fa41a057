package com.intelia.llm.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RedactorTest {

	private final Redactor redactor = new Redactor(CaptureRig.JSON, "");

	@ParameterizedTest
	@ValueSource(strings = { "jean.dupont@ferme-avicole.fr", "a+tag@example.co.uk", "VET_42@clinique.qc.ca" })
	void email_addresses_are_redacted(String email) {
		assertThat(this.redactor.text("Écrire à " + email + ", merci.")).isEqualTo("Écrire à [email], merci.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "+33 6 12 34 56 78", "+33612345678", "+1 514 555 0199", "(514) 555-0199", "514-555-0199",
			"514.555.0199", "06 12 34 56 78", "06.12.34.56.78", "0612345678", "+44 (20) 7946 0958" })
	void phone_numbers_are_redacted(String phone) {
		assertThat(this.redactor.text("Appelez le " + phone + " demain.")).isEqualTo("Appelez le [phone] demain.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "25 000 sujets Ross 308", "J21 à 32-33 °C", "le 2025-03-01 à 08:30", "+2 °C par jour",
			"densité de 42 kg/m2", "lot 1234567", "indice de consommation 1,62", "mortalité 3,5 % à J35" })
	void farm_figures_are_not_taken_for_phone_numbers(String text) {
		assertThat(this.redactor.text(text)).isEqualTo(text);
	}

	@Test
	void extra_patterns_come_from_the_configuration() {
		Redactor custom = new Redactor(CaptureRig.JSON, "FR-\\d{5}|Ferme [A-Z]\\w+");

		assertThat(custom.text("Élevage FR-12345 de la Ferme Martin")).isEqualTo("Élevage [redacted] de la [redacted]");
	}

	@Test
	void a_bad_pattern_stops_start_up_naming_the_variable() {
		assertThatIllegalStateException().isThrownBy(() -> new Redactor(CaptureRig.JSON, "(unclosed"))
			.withMessageContaining("LLM_CAPTURE_REDACT");
	}

	@Test
	void json_stays_json_and_only_string_values_change() {
		String messages = """
				[{"role":"user","content":[{"type":"text","text":"Mail: x@y.fr"}]},
				 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
				  "function":{"name":"send","arguments":"{\\"to\\": \\"x@y.fr\\", \\"n\\": 3}"}}]},
				 {"role":"tool","tool_call_id":"call_1","content":"{\\"sent\\": true}"}]""";

		JsonNode redacted = CaptureRig.JSON.readTree(this.redactor.json(messages));

		assertThat(redacted.at("/0/content/0/text").stringValue()).isEqualTo("Mail: [email]");
		assertThat(redacted.at("/0/content/0/type").stringValue()).isEqualTo("text");
		JsonNode arguments = CaptureRig.JSON.readTree(redacted.at("/1/tool_calls/0/function/arguments").stringValue());
		assertThat(arguments.get("to").stringValue()).isEqualTo("[email]");
		assertThat(arguments.get("n").intValue()).isEqualTo(3);
		assertThat(redacted.at("/1/content").isNull()).isTrue();
		assertThat(redacted.at("/2/content").stringValue()).isEqualTo("{\"sent\": true}");
	}

	@Test
	void a_pattern_matching_quotes_cannot_break_the_json() {
		Redactor greedy = new Redactor(CaptureRig.JSON, "\"[^\"]*\"");

		String redacted = greedy.json("[{\"role\":\"user\",\"content\":\"il a dit \\\"bonjour\\\" hier\"}]");

		assertThat(CaptureRig.JSON.readTree(redacted).at("/0/content").stringValue())
			.isEqualTo("il a dit [redacted] hier");
	}

	@Test
	void text_that_is_not_json_is_redacted_as_text() {
		assertThat(this.redactor.json("not json: a@b.fr")).isEqualTo("not json: [email]");
	}

	@Test
	void nul_characters_that_postgresql_refuses_are_replaced() {
		assertThat(this.redactor.text("a\u0000b")).isEqualTo("a\uFFFDb");
	}

}
