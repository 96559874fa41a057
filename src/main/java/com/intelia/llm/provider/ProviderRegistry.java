package com.intelia.llm.provider;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.intelia.llm.config.LlmProperties;
import org.springframework.stereotype.Component;

/**
 * Knows every provider factory and builds the providers in use. The active provider is
 * built at start-up, so a missing key or an unreachable vLLM server stops the service
 * with a message rather than failing the first request.
 */
@Component
public class ProviderRegistry {

	private final Map<String, ProviderFactory> factories;

	private final Map<String, LlmProvider> providers = new ConcurrentHashMap<>();

	private final String activeId;

	ProviderRegistry(List<ProviderFactory> factories, LlmProperties properties) {
		this.factories = factories.stream().collect(Collectors.toMap(ProviderFactory::id, Function.identity()));
		this.activeId = properties.provider();
		if (!this.factories.containsKey(this.activeId)) {
			throw new IllegalStateException("LLM_PROVIDER is '" + this.activeId + "'; set it to one of "
					+ String.join(", ", this.factories.keySet().stream().sorted().toList()) + ".");
		}
		active();
	}

	/** The provider chosen by {@code LLM_PROVIDER}. */
	public LlmProvider active() {
		return get(this.activeId);
	}

	/** The provider with this id, or the active one when the id is null. */
	public LlmProvider get(String id) {
		ProviderFactory factory = this.factories.get(id);
		if (factory == null) {
			throw new IllegalStateException("Unknown provider '" + id + "'; known: "
					+ String.join(", ", this.factories.keySet().stream().sorted().toList()) + ".");
		}
		return this.providers.computeIfAbsent(id, (key) -> factory.create());
	}

}
