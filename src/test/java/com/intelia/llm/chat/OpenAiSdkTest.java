package com.intelia.llm.chat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.intelia.llm.support.GatewayTest;
import com.intelia.llm.support.OpenAiSdk;
import com.intelia.llm.support.ScriptedProvider.Script;
import com.intelia.llm.support.ScriptedProvider;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import dev.langchain4j.exception.HttpException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The official OpenAI Java SDK, pointed at the gateway with a dummy key, works unchanged
 * on what the gateway answers itself: blocking, streaming, streamed tool calls, and each
 * error class. The SDK in front of a real upstream's answers is in
 * {@code transport/OpenAiSdkOverVllmTest}.
 */
@GatewayTest
class OpenAiSdkTest {

	static final String MODEL = "intelia-llama-3.1-8b-aviculture";

	@LocalServerPort
	int port;

	OpenAIClient client;

	@BeforeEach
	void setUp() {
		this.client = OpenAiSdk.client(this.port);
	}

	@Test
	void blocking_completion() {
		ChatCompletion completion = this.client.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder()
				.model(MODEL)
				.addSystemMessage("Context: Élevage Ross 308, J21.")
				.addUserMessage("Quelle est la température idéale pour des poulets de 21 jours ?")
				.build());
		assertThat(completion.model()).isEqualTo(MODEL);
		assertThat(completion.choices().get(0).message().content())
			.hasValueSatisfying((text) -> assertThat(text).startsWith("[Réponse simulée]"));
		assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
		assertThat(completion.usage()).hasValueSatisfying(
				(usage) -> assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens()));
	}

	@Test
	void streaming_reassembles_the_same_text_as_blocking() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model(MODEL)
			.addUserMessage("How much water do broilers drink?")
			.build();
		String blocking = this.client.chat().completions().create(params).choices().get(0).message().content().get();
		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
		try (StreamResponse<ChatCompletionChunk> stream = this.client.chat().completions().createStreaming(params)) {
			stream.stream().forEach(accumulator::accumulate);
		}
		ChatCompletion streamed = accumulator.chatCompletion();
		assertThat(streamed.choices().get(0).message().content()).contains(blocking);
		assertThat(streamed.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
	}

	@Test
	void streamed_tool_calls_are_reassembled() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model(MODEL)
			.addUserMessage("What is the barn temperature in Rennes?")
			.addFunctionTool(FunctionDefinition.builder()
				.name("get_barn_temperature")
				.description("Current temperature of a barn")
				.parameters(FunctionParameters.builder()
					.putAdditionalProperty("type", JsonValue.from("object"))
					.putAdditionalProperty("properties",
							JsonValue
								.from(Map.of("site", Map.of("type", "string"), "house", Map.of("type", "integer"))))
					.putAdditionalProperty("required", JsonValue.from(List.of("site")))
					.build())
				.build())
			.toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
			.build();
		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
		try (StreamResponse<ChatCompletionChunk> stream = this.client.chat().completions().createStreaming(params)) {
			stream.stream().forEach(accumulator::accumulate);
		}
		ChatCompletion streamed = accumulator.chatCompletion();
		assertThat(streamed.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
		List<ChatCompletionMessageToolCall> calls = streamed.choices().get(0).message().toolCalls().orElseThrow();
		assertThat(calls).hasSize(1);
		assertThat(calls.get(0).asFunction().function().name()).isEqualTo("get_barn_temperature");
		assertThat(tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(calls.get(0).asFunction().function().arguments()))
			.isEqualTo(tools.jackson.databind.json.JsonMapper.builder()
				.build()
				.readTree("{\"site\":\"Rennes\",\"house\":1}"));
		assertThat(calls.get(0).asFunction().id()).startsWith("call_");
		ChatCompletion blocking = this.client.chat().completions().create(params);
		assertThat(blocking.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction().function())
			.isEqualTo(calls.get(0).asFunction().function());
	}

	static Stream<Arguments> error_classes_match_openai() {
		return Stream.of(
				// name, upstream failure to script, model, temperature, SDK exception,
				// status, text the body names
				arguments("out-of-range temperature", null, MODEL, 3.0, BadRequestException.class, 400, "temperature"),
				arguments("unknown model", null, "gpt-4o", null, NotFoundException.class, 404, null),
				arguments("upstream rate limit", new HttpException(429, "slow down"), "scripted-model", null,
						RateLimitException.class, 429, null),
				arguments("upstream failure", new HttpException(500, "boom"), "scripted-model", null,
						InternalServerException.class, 502, null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void error_classes_match_openai(String name, HttpException upstreamFailure, String model, Double temperature,
			Class<? extends OpenAIServiceException> error, int status, String bodyNames) {
		if (upstreamFailure != null) {
			ScriptedProvider.script(Script.failFirst(upstreamFailure));
		}
		ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
			.model(model)
			.addUserMessage("hi");
		if (temperature != null) {
			params.temperature(temperature);
		}

		assertThatExceptionOfType(error).isThrownBy(() -> this.client.chat().completions().create(params.build()))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(status))
			.satisfies((ex) -> {
				if (bodyNames != null) {
					assertThat(ex.body().toString()).contains(bodyNames);
				}
			});
	}

	@Test
	void a_stream_cut_by_the_upstream_raises_in_the_sdk() {
		ScriptedProvider.script(Script.failAfter(new HttpException(500, "boom"), "partial"));
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model("scripted-model")
			.addUserMessage("hi")
			.build();
		assertThatExceptionOfType(OpenAIException.class).isThrownBy(() -> {
			try (StreamResponse<ChatCompletionChunk> stream = this.client.chat()
				.completions()
				.createStreaming(params)) {
				stream.stream().forEach((chunk) -> {
				});
			}
		});
	}

}
