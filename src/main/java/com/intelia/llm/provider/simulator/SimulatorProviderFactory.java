package com.intelia.llm.provider.simulator;

import com.intelia.llm.provider.FixedModelsProvider;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderFactory;
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
		return new FixedModelsProvider("simulator", MODEL, model, model, false);
	}

}
