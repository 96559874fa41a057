package com.intelia.llm.chat;

import com.intelia.llm.prompt.ComposedPrompt;
import com.intelia.llm.resilience.Route;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import org.jspecify.annotations.Nullable;

/**
 * A request ready to send: the validated call, where it goes first and where it goes if
 * that fails, and the conversation with the domain prompt merged in.
 *
 * @param call the validated call
 * @param primary the upstream and model to try first
 * @param fallback where to go when the primary fails retryably, or null
 * @param prompt the conversation with the domain prompt merged in
 */
record PreparedCall(ChatCall call, Route primary, @Nullable Route fallback, ComposedPrompt prompt) {

	/** The LangChain4j request along a route: its model, the caller's parameters. */
	ChatRequest requestFor(Route route) {
		return ChatRequest.builder()
			.messages(this.prompt.messages())
			.parameters(OpenAiChatRequestParameters.builder()
				.overrideWith(this.call.parameters())
				.modelName(route.upstreamModel())
				.build())
			.build();
	}

}
