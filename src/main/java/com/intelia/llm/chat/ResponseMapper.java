package com.intelia.llm.chat;

import java.time.Instant;
import java.util.List;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * Translates LangChain4j's answer back into OpenAI JSON, adding and reordering nothing.
 */
final class ResponseMapper {

	private ResponseMapper() {
	}

	static ChatCompletion completion(ChatResponse response, String alias) {
		AiMessage ai = response.aiMessage();
		List<ChatCompletion.ToolCall> calls = ai.hasToolExecutionRequests()
				? ai.toolExecutionRequests().stream().map(ResponseMapper::toolCall).toList() : null;
		String content = (ai.text() == null && calls != null) ? null : (ai.text() == null ? "" : ai.text());
		ChatCompletion.Message message = new ChatCompletion.Message("assistant", content, null, calls);
		ChatResponseMetadata metadata = response.metadata();
		return new ChatCompletion(id(metadata), "chat.completion", created(metadata), alias,
				List.of(new ChatCompletion.Choice(0, message, null,
						finishReason(response.finishReason(), calls != null))),
				usage(response.tokenUsage()), fingerprint(metadata));
	}

	static ChatCompletion.ToolCall toolCall(ToolExecutionRequest request) {
		return new ChatCompletion.ToolCall(request.id(), "function", new ChatCompletion.FunctionCall(request.name(),
				(request.arguments() == null) ? "{}" : request.arguments()));
	}

	/**
	 * OpenAI's finish reason. An upstream that gives none, or one OpenAI does not define
	 * (vLLM's {@code abort}), is reported as {@code stop}, or {@code tool_calls} when it
	 * called tools: the schema allows nothing else.
	 */
	static String finishReason(@Nullable FinishReason reason, boolean hasToolCalls) {
		if (reason == null) {
			return hasToolCalls ? "tool_calls" : "stop";
		}
		return switch (reason) {
			case LENGTH -> "length";
			case TOOL_EXECUTION -> "tool_calls";
			case CONTENT_FILTER -> "content_filter";
			default -> hasToolCalls ? "tool_calls" : "stop";
		};
	}

	static @Nullable Usage usage(@Nullable TokenUsage usage) {
		if (usage == null || usage.inputTokenCount() == null || usage.outputTokenCount() == null) {
			return null;
		}
		return Usage.of(usage.inputTokenCount(), usage.outputTokenCount());
	}

	static String id(@Nullable ChatResponseMetadata metadata) {
		String id = (metadata != null) ? metadata.id() : null;
		return (id != null && !id.isBlank()) ? id : newId();
	}

	static String newId() {
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		return "chatcmpl-" + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
				+ Long.toHexString(random.nextLong() | Long.MIN_VALUE);
	}

	static long created(@Nullable ChatResponseMetadata metadata) {
		if (metadata instanceof OpenAiChatResponseMetadata openAi && openAi.created() != null) {
			return openAi.created();
		}
		return Instant.now().getEpochSecond();
	}

	private static @Nullable String fingerprint(@Nullable ChatResponseMetadata metadata) {
		return (metadata instanceof OpenAiChatResponseMetadata openAi) ? openAi.systemFingerprint() : null;
	}

}
