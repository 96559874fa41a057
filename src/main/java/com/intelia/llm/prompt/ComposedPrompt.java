package com.intelia.llm.prompt;

import java.util.List;

import dev.langchain4j.data.message.ChatMessage;
import org.jspecify.annotations.Nullable;

/**
 * A conversation with the domain prompt merged in.
 *
 * @param messages what the upstream receives
 * @param promptId the prompt used, or null for none
 * @param promptVersion its version, such as {@code v2}, or null for none
 */
public record ComposedPrompt(List<ChatMessage> messages, @Nullable String promptId, @Nullable String promptVersion) {

	public ComposedPrompt {
		messages = List.copyOf(messages);
	}

}
