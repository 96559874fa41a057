package com.intelia.llm.provider.simulator;

import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ModelOptions;
import com.intelia.llm.provider.ProviderFactory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import org.springframework.stereotype.Component;

/**
 * The in-process simulator: LangChain4j models that answer without a network, a key or a
 * GPU.
 */
@Component
class SimulatorProviderFactory implements ProviderFactory {

	static final String MODEL = "intelia-simulator";

	private final SimulatorProperties properties;

	SimulatorProviderFactory(SimulatorProperties properties) {
		this.properties = properties;
	}

	@Override
	public String id() {
		return "simulator";
	}

	@Override
	public LlmProvider create() {
		SimulatorChatModel model = new SimulatorChatModel(this.properties);
		return new LlmProvider() {
			@Override
			public String id() {
				return "simulator";
			}

			@Override
			public String defaultUpstreamModel() {
				return MODEL;
			}

			@Override
			public ChatModel chatModel(ModelOptions options) {
				return model;
			}

			@Override
			public StreamingChatModel streamingChatModel(ModelOptions options) {
				return model;
			}

			@Override
			public boolean forwardsVendorParameters() {
				return false;
			}
		};
	}

}
