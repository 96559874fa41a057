package com.intelia.llm.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.intelia.llm.config.LlmProperties;
import org.springframework.stereotype.Component;

/**
 * Knows every provider: the ones configured by the environment ({@code LLM_PROVIDER} and
 * its variables), and the upstreams the models file names. The active provider and every
 * named upstream are built at start-up, so a missing key or a bad declaration stops the
 * service with a message rather than failing the first request; nothing here reaches the
 * network.
 */
@Component
public class ProviderRegistry {

	private final Map<String, ProviderFactory> factories;

	private final Map<String, LlmProvider> named = new LinkedHashMap<>();

	private final Map<String, LlmProvider> providers = new ConcurrentHashMap<>();

	private final String activeId;

	ProviderRegistry(List<ProviderFactory> factories, List<UpstreamKind> kinds, NamedUpstreams upstreams,
			LlmProperties properties) {
		this.factories = factories.stream().collect(Collectors.toMap(ProviderFactory::id, Function.identity()));
		this.activeId = properties.provider();
		if (!this.factories.containsKey(this.activeId)) {
			throw new IllegalStateException("LLM_PROVIDER is '" + this.activeId + "'; set it to one of "
					+ String.join(", ", this.factories.keySet().stream().sorted().toList()) + ".");
		}
		Map<String, UpstreamKind> byKind = kinds.stream()
			.collect(Collectors.toMap(UpstreamKind::kind, Function.identity()));
		for (UpstreamSpec spec : upstreams.specs()) {
			this.named.put(spec.name(), create(spec, byKind));
		}
		active();
	}

	/** The provider chosen by {@code LLM_PROVIDER}. */
	public LlmProvider active() {
		return get(this.activeId);
	}

	/** Whether a provider or named upstream of this id exists. */
	public boolean has(String id) {
		return this.named.containsKey(id) || this.factories.containsKey(id);
	}

	/**
	 * Every id a setting may name: the environment's providers and the named upstreams.
	 */
	public List<String> ids() {
		return java.util.stream.Stream.concat(this.factories.keySet().stream().sorted(), this.named.keySet().stream())
			.toList();
	}

	/**
	 * The provider or named upstream with this id; a provider configured by the
	 * environment is built on first use.
	 * @throws IllegalStateException naming the known ids when there is none
	 */
	public LlmProvider get(String id) {
		LlmProvider upstream = this.named.get(id);
		if (upstream != null) {
			return upstream;
		}
		ProviderFactory factory = this.factories.get(id);
		if (factory == null) {
			throw new IllegalStateException(
					"Unknown provider or upstream '" + id + "'; known: " + String.join(", ", ids()) + ".");
		}
		return this.providers.computeIfAbsent(id, (key) -> factory.create());
	}

	private LlmProvider create(UpstreamSpec spec, Map<String, UpstreamKind> kinds) {
		if (this.factories.containsKey(spec.name())) {
			throw new IllegalStateException(spec.source() + ": the name '" + spec.name()
					+ "' is a provider's own; give the upstream another name.");
		}
		UpstreamKind kind = (spec.kind() != null) ? kinds.get(spec.kind()) : null;
		if (kind == null) {
			throw new IllegalStateException(spec.source() + " has kind '" + spec.kind() + "'; set kind to one of "
					+ String.join(", ", kinds.keySet().stream().sorted().toList()) + ".");
		}
		return kind.create(spec);
	}

}
