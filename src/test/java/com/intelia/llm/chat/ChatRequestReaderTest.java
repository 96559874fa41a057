package com.intelia.llm.chat;

import java.util.Map;

import com.intelia.llm.model.ModelAlias;
import com.intelia.llm.provider.FixedModelsProvider;
import com.intelia.llm.provider.LlmProvider;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Translation of an OpenAI body into LangChain4j terms: everything the caller sent is
 * carried.
 */
class ChatRequestReaderTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ModelAlias ALIAS = new ModelAlias("m", null, null, null, null, Map.of(), false, null, null,
			null, null);

	@Test
	void carries_every_parameter_and_vendor_field() {
		ChatCall call = read("""
				{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0.2,"top_p":0.9,
				"max_tokens":50,"max_completion_tokens":60,"stop":"END","seed":7,"presence_penalty":0.5,
				"frequency_penalty":-0.5,"user":"farm-42","logit_bias":{"123":5},"parallel_tool_calls":false,
				"top_k":40,"min_p":0.1,"repetition_penalty":1.1,"chat_template_kwargs":{"enable_thinking":false},
				"guided_json":{"type":"object"}}""");
		OpenAiChatRequestParameters params = (OpenAiChatRequestParameters) call.parameters();
		assertThat(params.temperature()).isEqualTo(0.2);
		assertThat(params.topP()).isEqualTo(0.9);
		assertThat(params.maxOutputTokens()).isEqualTo(50);
		assertThat(params.maxCompletionTokens()).isEqualTo(60);
		assertThat(params.stopSequences()).containsExactly("END");
		assertThat(params.seed()).isEqualTo(7);
		assertThat(params.presencePenalty()).isEqualTo(0.5);
		assertThat(params.frequencyPenalty()).isEqualTo(-0.5);
		assertThat(params.user()).isEqualTo("farm-42");
		assertThat(params.logitBias()).containsEntry("123", 5);
		assertThat(params.parallelToolCalls()).isFalse();
		assertThat(params.customParameters()).containsEntry("top_k", 40)
			.containsEntry("min_p", 0.1)
			.containsEntry("repetition_penalty", 1.1)
			.containsEntry("chat_template_kwargs", Map.of("enable_thinking", false))
			.containsEntry("guided_json", Map.of("type", "object"));
	}

	@Test
	void carries_tools_in_both_directions() {
		ChatCall call = readInProcess("""
				{"model":"m","messages":[
				 {"role":"developer","content":[{"type":"text","text":"Be brief."},{"type":"text","text":"Metric."}]},
				 {"role":"user","content":"weather?"},
				 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
				  "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rennes\\"}"}}]},
				 {"role":"tool","tool_call_id":"call_1","content":"12 °C"}],
				 "tools":[{"type":"function","function":{"name":"get_weather","description":"d","strict":true,
				  "parameters":{"type":"object","properties":{"city":{"type":"string","enum":["Rennes","Brest"]}},
				  "required":["city"],"additionalProperties":false}}}],
				 "tool_choice":"required"}""");
		assertThat(call.messages().get(0)).isEqualTo(SystemMessage.from("Be brief.\nMetric."));
		assertThat(call.messages().get(1)).isInstanceOf(UserMessage.class);
		AiMessage ai = (AiMessage) call.messages().get(2);
		assertThat(ai.toolExecutionRequests().get(0).arguments()).isEqualTo("{\"city\":\"Rennes\"}");
		ToolExecutionResultMessage result = (ToolExecutionResultMessage) call.messages().get(3);
		assertThat(result.id()).isEqualTo("call_1");
		assertThat(result.toolName()).isEqualTo("get_weather");
		assertThat(result.text()).isEqualTo("12 °C");
		ToolSpecification tool = call.parameters().toolSpecifications().get(0);
		assertThat(tool.strict()).isTrue();
		assertThat(tool.parameters().required()).containsExactly("city");
		assertThat(tool.parameters().additionalProperties()).isFalse();
		assertThat(((JsonRawSchema) tool.parameters().properties().get("city")).schema())
			.isEqualTo("{\"type\":\"string\",\"enum\":[\"Rennes\",\"Brest\"]}");
		assertThat(call.parameters().toolChoice()).isEqualTo(ToolChoice.REQUIRED);
	}

	@Test
	void a_named_tool_choice_travels_as_the_openai_object() {
		ChatCall call = readInProcess("""
				{"model":"m","messages":[{"role":"user","content":"hi"}],
				 "tools":[{"type":"function","function":{"name":"f"}}],
				 "tool_choice":{"type":"function","function":{"name":"f"}}}""");
		assertThat(call.parameters().toolChoice()).isNull();
		assertThat(((OpenAiChatRequestParameters) call.parameters()).customParameters()).containsEntry("tool_choice",
				Map.of("type", "function", "function", Map.of("name", "f")));
	}

	@Test
	void a_json_schema_response_format_keeps_its_schema_and_strictness() {
		ChatCall call = readInProcess("""
				{"model":"m","messages":[{"role":"user","content":"hi"}],
				 "response_format":{"type":"json_schema","json_schema":{"name":"kpi","strict":true,
				 "schema":{"type":"object","properties":{"fcr":{"type":"number"}},"required":["fcr"]}}}}""");
		assertThat(call.parameters().responseFormat().type()).isEqualTo(ResponseFormatType.JSON);
		assertThat(call.parameters().responseFormat().jsonSchema().name()).isEqualTo("kpi");
		assertThat(((JsonRawSchema) call.parameters().responseFormat().jsonSchema().rootElement()).schema())
			.isEqualTo("{\"type\":\"object\",\"properties\":{\"fcr\":{\"type\":\"number\"}},\"required\":[\"fcr\"]}");
	}

	@Test
	void alias_defaults_fill_only_what_the_caller_left_out() {
		ObjectNode defaults = (ObjectNode) JSON.readTree("{\"temperature\":0.25,\"top_p\":0.5}");
		ObjectNode body = (ObjectNode) JSON
			.readTree("{\"model\":\"m\",\"temperature\":0.9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
		ChatCall call = ChatRequestReader.read(ChatRequestReader.withDefaults(body, defaults), ALIAS, provider(true));
		assertThat(call.parameters().temperature()).isEqualTo(0.9);
		assertThat(call.parameters().topP()).isEqualTo(0.5);
	}

	@Test
	void a_capped_alias_gets_its_cap_when_the_caller_sets_no_limit() {
		ModelAlias capped = new ModelAlias("c", null, null, null, null, Map.of(), false, 64, null, null, null);
		ChatCall call = ChatRequestReader.read(
				JSON.readTree("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), capped,
				provider(true));
		assertThat(call.parameters().maxOutputTokens()).isEqualTo(64);
	}

	@Test
	void an_openai_compatible_upstream_gets_tools_and_formats_exactly_as_sent() {
		ChatCall call = read("""
				{"model":"m","messages":[{"role":"user","content":"hi"}],
				 "tools":[{"type":"function","function":{"name":"f","strict":false,
				  "parameters":{"type":"object","properties":{},"additionalProperties":false}}}],
				 "tool_choice":"auto","response_format":{"type":"text"}}""");
		assertThat(call.parameters().toolSpecifications()).isEmpty();
		assertThat(call.parameters().toolChoice()).isNull();
		assertThat(call.parameters().responseFormat()).isNull();
		assertThat(((OpenAiChatRequestParameters) call.parameters()).customParameters())
			.containsEntry("tool_choice", "auto")
			.containsEntry("response_format", Map.of("type", "text"))
			.containsEntry("tools",
					java.util.List
						.of(Map.of("type", "function", "function", Map.of("name", "f", "strict", false, "parameters",
								Map.of("type", "object", "properties", Map.of(), "additionalProperties", false)))));
	}

	private static ChatCall readInProcess(String json) {
		return ChatRequestReader.read(JSON.readTree(json), ALIAS, provider(false));
	}

	private static ChatCall read(String json) {
		return ChatRequestReader.read(JSON.readTree(json), ALIAS, provider(true));
	}

	static LlmProvider provider(boolean vendor) {
		return new FixedModelsProvider("test", "upstream", null, null, vendor);
	}

}
