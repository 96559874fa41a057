package com.intelia.llm.chat;

import java.util.List;

import com.intelia.llm.model.ModelAlias;
import com.intelia.llm.prompt.PromptSelection;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import org.jspecify.annotations.Nullable;

/**
 * A validated chat request, already in LangChain4j's terms, with what the gateway itself
 * needs to answer it.
 *
 * @param alias the model alias the caller named
 * @param stream whether the caller asked for a stream
 * @param includeUsage whether a stream ends with a usage chunk
 * @param messages the conversation, before the domain prompt is merged in
 * @param parameters the request parameters
 * @param prompt the prompt the caller chose, or null for the alias's default
 */
record ChatCall(ModelAlias alias, boolean stream, boolean includeUsage, List<ChatMessage> messages,
		ChatRequestParameters parameters, @Nullable PromptSelection prompt) {
}
