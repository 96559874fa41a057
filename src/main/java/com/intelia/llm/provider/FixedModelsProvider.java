package com.intelia.llm.provider;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;

/**
 * A provider with fixed models: in-process models such as the simulator, or test doubles.
 *
 * @param id the provider id
 * @param defaultUpstreamModel the model name reported upstream
 * @param chatModel the blocking model
 * @param streamingChatModel the streaming model
 * @param forwardsVendorParameters whether vendor fields reach the models
 */
public record FixedModelsProvider(String id, String defaultUpstreamModel, ChatModel chatModel,
		StreamingChatModel streamingChatModel, boolean forwardsVendorParameters) implements LlmProvider {
}
