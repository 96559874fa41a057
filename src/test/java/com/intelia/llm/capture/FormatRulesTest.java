package com.intelia.llm.capture;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker the export tests rely on must itself reject what breaks the rules. */
class FormatRulesTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					valid | openai-sft | {"messages":[{"role":"system","content":"s"},{"role":"user","content":"u"},{"role":"assistant","content":"a"}]} | true
					starts with the assistant | openai-sft | {"messages":[{"role":"assistant","content":"a"},{"role":"user","content":"u"},{"role":"assistant","content":"a"}]} | false
					two users in a row | openai-sft | {"messages":[{"role":"user","content":"u"},{"role":"user","content":"u"},{"role":"assistant","content":"a"}]} | false
					ends with the user | openai-sft | {"messages":[{"role":"user","content":"u"},{"role":"assistant","content":"a"},{"role":"user","content":"u"}]} | false
					system in the middle | openai-sft | {"messages":[{"role":"user","content":"u"},{"role":"system","content":"s"},{"role":"assistant","content":"a"}]} | false
					arguments not json | openai-sft | {"messages":[{"role":"user","content":"u"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"x"}}]}]} | false
					tool answers no call | openai-sft | {"messages":[{"role":"user","content":"u"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"d","content":"r"},{"role":"assistant","content":"a"}]} | false
					call answered | openai-sft | {"messages":[{"role":"user","content":"u"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"r"},{"role":"assistant","content":"a"}]} | true
					extra field | openai-sft | {"messages":[{"role":"user","content":"u"},{"role":"assistant","content":"a"}],"weight":1} | false
					kto valid | trl-kto | {"prompt":[{"role":"user","content":"u"}],"completion":[{"role":"assistant","content":"a"}],"label":true} | true
					kto label text | trl-kto | {"prompt":[{"role":"user","content":"u"}],"completion":[{"role":"assistant","content":"a"}],"label":"yes"} | false
					kto two answers | trl-kto | {"prompt":[{"role":"user","content":"u"}],"completion":[{"role":"assistant","content":"a"},{"role":"assistant","content":"b"}],"label":true} | false
					dpo valid | trl-dpo | {"prompt":[{"role":"user","content":"u"}],"chosen":[{"role":"assistant","content":"a"}],"rejected":[{"role":"assistant","content":"b"}]} | true
					dpo no rejected | trl-dpo | {"prompt":[{"role":"user","content":"u"}],"chosen":[{"role":"assistant","content":"a"}]} | false
					""")
	void judges_lines(String name, String format, String line, boolean valid) {
		assertThat(FormatRules.violations(format, CaptureRig.JSON.readTree(line)).isEmpty()).isEqualTo(valid);
	}

}
