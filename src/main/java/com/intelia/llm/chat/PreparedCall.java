package com.intelia.llm.chat;

import com.intelia.llm.prompt.ComposedPrompt;
import com.intelia.llm.provider.LlmProvider;
import dev.langchain4j.model.chat.request.ChatRequest;

/**
 * A request ready to send: the validated call, who serves it and the LangChain4j request.
 *
 * @param call the validated call
 * @param provider the provider that serves it
 * @param prompt the conversation with the domain prompt merged in
 * @param request the LangChain4j request
 */
record PreparedCall(ChatCall call, LlmProvider provider, ComposedPrompt prompt, ChatRequest request) {
}
