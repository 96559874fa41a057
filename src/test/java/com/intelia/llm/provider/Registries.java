package com.intelia.llm.provider;

import java.util.List;

import com.intelia.llm.config.LlmProperties;

/**
 * Builds a {@link ProviderRegistry} the way start-up does, for tests outside this package
 * that check a models file's named upstreams without starting the application once per
 * file.
 */
public final class Registries {

	private Registries() {
	}

	/**
	 * A registry of the given providers and kinds with these named upstreams; throws what
	 * start-up would for a bad upstream.
	 */
	public static ProviderRegistry registry(List<ProviderFactory> factories, List<UpstreamKind> kinds,
			NamedUpstreams upstreams, LlmProperties properties) {
		return new ProviderRegistry(factories, kinds, upstreams, properties);
	}

}
