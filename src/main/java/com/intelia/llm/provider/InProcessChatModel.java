package com.intelia.llm.provider;

import java.util.List;
import java.util.Set;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;

/**
 * A model that answers in-process, blocking and streaming, such as the simulator. It
 * settles the defaults that {@link ChatModel} and {@link StreamingChatModel} both
 * declare, and keeps OpenAI-typed default parameters so that the OpenAI fields of a
 * request (seed, custom parameters) survive LangChain4j's merge of request and defaults.
 */
public abstract class InProcessChatModel implements ChatModel, StreamingChatModel {

	@Override
	public ChatRequestParameters defaultRequestParameters() {
		return OpenAiChatRequestParameters.builder().build();
	}

	@Override
	public Set<Capability> supportedCapabilities() {
		return Set.of();
	}

	@Override
	public List<ChatModelListener> listeners() {
		return List.of();
	}

	@Override
	public ModelProvider provider() {
		return ModelProvider.OTHER;
	}

}
