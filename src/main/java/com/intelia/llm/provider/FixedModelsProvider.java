package com.intelia.llm.provider;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;

/**
 * A provider whose models do not depend on {@link ModelOptions}: in-process models such
 * as the simulator, or test doubles.
 *
 * @param id the provider id
 * @param defaultUpstreamModel the model name reported upstream
 * @param chat the blocking model
 * @param streaming the streaming model
 * @param forwardsVendorParameters whether vendor fields reach the models
 */
public record FixedModelsProvider(String id, String defaultUpstreamModel, ChatModel chat, StreamingChatModel streaming,
		boolean forwardsVendorParameters) implements LlmProvider {

	@Override
	public ChatModel chatModel(ModelOptions options) {
		return this.chat;
	}

	@Override
	public StreamingChatModel streamingChatModel(ModelOptions options) {
		return this.streaming;
	}

}
