package com.intelia.llm.chat;

import java.util.List;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.model.ModelAlias;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;

/**
 * The per-alias caps of the models file: the largest {@code max_tokens} and the largest
 * prompt a caller may send. Going over is a 400 naming the parameter; a request that sets
 * no token limit gets the cap as its limit, so no answer on a capped alias runs longer
 * than the operator allowed.
 */
final class AliasLimits {

	private AliasLimits() {
	}

	static OpenAiChatRequestParameters apply(ModelAlias alias, OpenAiChatRequestParameters params,
			List<ChatMessage> messages) {
		checkPrompt(alias, messages);
		Integer cap = alias.maxTokens();
		if (cap == null) {
			return params;
		}
		over(params.maxOutputTokens(), cap, "max_tokens", alias);
		over(params.maxCompletionTokens(), cap, "max_completion_tokens", alias);
		if (params.maxOutputTokens() == null && params.maxCompletionTokens() == null) {
			return OpenAiChatRequestParameters.builder().overrideWith(params).maxOutputTokens(cap).build();
		}
		return params;
	}

	private static void over(Integer value, int cap, String param, ModelAlias alias) {
		if (value != null && value > cap) {
			throw ApiException.invalidParam(param,
					"'" + param + "' is " + value + "; model '" + alias.id() + "' allows at most " + cap + ".");
		}
	}

	private static void checkPrompt(ModelAlias alias, List<ChatMessage> messages) {
		Integer cap = alias.maxPromptChars();
		if (cap == null) {
			return;
		}
		long chars = messages.stream().mapToLong(AliasLimits::chars).sum();
		if (chars > cap) {
			throw ApiException.invalidParam("messages", "The messages hold " + chars + " characters; model '"
					+ alias.id() + "' allows at most " + cap + ".");
		}
	}

	private static long chars(ChatMessage message) {
		return switch (message) {
			case SystemMessage system -> system.text().length();
			case UserMessage user -> user.contents()
				.stream()
				.filter(TextContent.class::isInstance)
				.mapToLong((content) -> ((TextContent) content).text().length())
				.sum();
			case AiMessage ai -> ((ai.text() != null) ? ai.text().length() : 0) + ai.toolExecutionRequests()
				.stream()
				.mapToLong((call) -> (call.arguments() != null) ? call.arguments().length() : 0)
				.sum();
			case ToolExecutionResultMessage result -> result.text().length();
			default -> 0;
		};
	}

}
