package com.intelia.llm.chat;

import com.intelia.llm.prompt.ComposedPrompt;
import com.intelia.llm.provider.LlmProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;

/**
 * A request ready to send: the validated call, the provider to try first, and the
 * conversation with the domain prompt merged in.
 *
 * @param call the validated call
 * @param primary the provider to try first
 * @param prompt the conversation with the domain prompt merged in
 */
record PreparedCall(ChatCall call, LlmProvider primary, ComposedPrompt prompt) {

	/**
	 * The upstream model for a provider: the alias's own model on the alias's provider,
	 * the provider's configured model on a fallback or canary provider.
	 */
	String upstreamModel(LlmProvider provider) {
		String aliasModel = this.call.alias().upstreamModel();
		return (aliasModel != null && provider == this.primary) ? aliasModel : provider.defaultUpstreamModel();
	}

	/** The LangChain4j request for a provider. */
	ChatRequest requestFor(LlmProvider provider) {
		return ChatRequest.builder()
			.messages(this.prompt.messages())
			.parameters(OpenAiChatRequestParameters.builder()
				.overrideWith(this.call.parameters())
				.modelName(upstreamModel(provider))
				.build())
			.build();
	}

}
