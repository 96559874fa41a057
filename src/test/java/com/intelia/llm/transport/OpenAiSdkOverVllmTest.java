package com.intelia.llm.transport;

import java.util.stream.Collectors;

import com.intelia.llm.support.OpenAiSdk;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official OpenAI Java SDK, pointed at the gateway in front of a vLLM upstream: the
 * upstream's answers reach the SDK intact. What the gateway answers itself (its errors,
 * tool calls, streams cut short) is in {@code chat/OpenAiSdkTest}.
 */
class OpenAiSdkOverVllmTest extends WireMockVllmTest {

	OpenAIClient client;

	final ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
		.model("test-model")
		.addUserMessage("Salut")
		.build();

	@BeforeEach
	void client() {
		this.client = OpenAiSdk.client(this.port);
	}

	@Test
	void the_sdk_gets_a_blocking_answer() {
		answerBlocking(COMPLETION);

		ChatCompletion completion = this.client.chat().completions().create(this.params);

		assertThat(completion.model()).isEqualTo("test-model");
		assertThat(completion.choices().get(0).message().content()).hasValue("Bonjour");
		assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
		assertThat(completion.usage()).hasValueSatisfying((usage) -> assertThat(usage.totalTokens()).isEqualTo(7));
	}

	@Test
	void the_sdk_reads_a_streamed_answer() {
		answerStream(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"), chunk("{\"content\":\"Bon\"}", "null"),
				chunk("{\"content\":\"jour\"}", "null"), chunk("{}", "\"stop\""), "[DONE]");

		try (StreamResponse<ChatCompletionChunk> stream = this.client.chat()
			.completions()
			.createStreaming(this.params)) {
			String text = stream.stream()
				.flatMap((chunk) -> chunk.choices().stream())
				.flatMap((choice) -> choice.delta().content().stream())
				.collect(Collectors.joining());
			assertThat(text).isEqualTo("Bonjour");
		}
	}

}
