package com.intelia.llm.provider;

import java.util.List;

/**
 * The upstreams the models file declares by name, beside the one {@code LLM_PROVIDER}
 * configures through the environment.
 *
 * @param specs the declarations, in file order
 */
public record NamedUpstreams(List<UpstreamSpec> specs) {

	public NamedUpstreams {
		specs = List.copyOf(specs);
	}

	/** None: a models file without {@code upstreams}. */
	public static NamedUpstreams none() {
		return new NamedUpstreams(List.of());
	}

}
