package com.intelia.llm.provider.simulator;

import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.intelia.llm.provider.CallContext;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.FinishReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator answers like a model: in the question's language, deterministically,
 * within max_tokens, with tool calls when asked, and it stops streaming when cancelled.
 */
class SimulatorChatModelTest {

	private final SimulatorChatModel model = new SimulatorChatModel(new SimulatorProperties(0, 0));

	@Test
	void answers_in_the_language_of_the_question() {
		assertThat(text("Quelle est la mortalité normale des poulets ?")).startsWith("[Réponse simulée] La mortalité");
		assertThat(text("What mortality is normal for broilers?")).startsWith("[Simulated answer] Early broiler");
	}

	@Test
	void the_same_request_gets_the_same_answer() {
		assertThat(text("How should I light my layers?")).isEqualTo(text("How should I light my layers?"));
	}

	@Test
	void max_tokens_cuts_the_answer_with_finish_reason_length() {
		ChatResponse response = this.model
			.chat(request("Tell me about litter", OpenAiChatRequestParameters.builder().maxOutputTokens(4).build()));
		assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
		assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(4);
		assertThat(response.aiMessage().text().split(" ")).hasSize(4);
	}

	@Test
	void calls_a_tool_when_tool_choice_requires_it_and_not_when_none() {
		ToolSpecification tool = ToolSpecification.builder()
			.name("get_flock_data")
			.parameters(JsonObjectSchema.builder().addStringProperty("farm").build())
			.build();
		ChatResponse required = this.model.chat(request("Show data for Kerguelen",
				OpenAiChatRequestParameters.builder()
					.toolSpecifications(tool)
					.toolChoice(ToolChoice.REQUIRED)
					.build()));
		assertThat(required.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
		assertThat(required.aiMessage().toolExecutionRequests().get(0).arguments())
			.isEqualTo("{\"farm\":\"Kerguelen\"}");
		ChatResponse none = this.model.chat(request("Show data for Kerguelen",
				OpenAiChatRequestParameters.builder().toolSpecifications(tool).toolChoice(ToolChoice.NONE).build()));
		assertThat(none.aiMessage().hasToolExecutionRequests()).isFalse();
		ChatResponse named = this.model.chat(request("hello",
				OpenAiChatRequestParameters.builder()
					.toolSpecifications(tool, ToolSpecification.builder().name("other").build())
					.customParameters(
							Map.of("tool_choice", Map.of("type", "function", "function", Map.of("name", "other"))))
					.build()));
		assertThat(named.aiMessage().toolExecutionRequests().get(0).name()).isEqualTo("other");
	}

	@Test
	void reports_usage_whose_total_is_the_sum() {
		ChatResponse response = this.model.chat(request("What FCR should I expect?", null));
		assertThat(response.tokenUsage().totalTokenCount())
			.isEqualTo(response.tokenUsage().inputTokenCount() + response.tokenUsage().outputTokenCount());
	}

	@Test
	void stops_streaming_when_the_call_is_cancelled() throws Exception {
		SimulatorChatModel slow = new SimulatorChatModel(new SimulatorProperties(0, 50));
		CallContext call = new CallContext();
		List<String> tokens = new ArrayList<>();
		CompletableFuture<ChatResponse> completed = new CompletableFuture<>();
		call.run(() -> slow.chat(request("What mortality is normal?", null), new StreamingChatResponseHandler() {
			@Override
			public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
				tokens.add(partial.text());
				if (tokens.size() == 2) {
					context.streamingHandle().cancel();
				}
			}

			@Override
			public void onCompleteResponse(ChatResponse response) {
				completed.complete(response);
			}

			@Override
			public void onError(Throwable error) {
				completed.completeExceptionally(error);
			}
		}));
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(call::isCancelled);
		// Nothing more may arrive once cancelled: held for three token intervals.
		Awaitility.await()
			.during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(5))
			.until(() -> tokens.size() == 2 && !completed.isDone());
		assertThat(tokens).hasSize(2);
		assertThat(completed).isNotDone();
		assertThat(completed.completeOnTimeout(null, 10, TimeUnit.MILLISECONDS).get()).isNull();
	}

	private String text(String question) {
		return this.model.chat(request(question, null)).aiMessage().text();
	}

	private static ChatRequest request(String question, OpenAiChatRequestParameters params) {
		List<ChatMessage> messages = List.of(UserMessage.from(question));
		ChatRequest.Builder builder = ChatRequest.builder().messages(messages);
		if (params != null) {
			builder.parameters(params);
		}
		return builder.build();
	}

}
