package com.intelia.llm.observability;

import com.intelia.llm.model.ModelAlias;
import com.intelia.llm.model.ModelCatalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * {@code llm_model_loaded{model,provider}}: 1 for each alias whose provider passed its
 * last check, 0 otherwise. Aliases come from the models file, so the series are bounded.
 */
@Component
class ModelLoadedGauges implements MeterBinder {

	private final ModelCatalog catalog;

	private final UpstreamChecks checks;

	ModelLoadedGauges(ModelCatalog catalog, UpstreamChecks checks) {
		this.catalog = catalog;
		this.checks = checks;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ModelAlias alias : this.catalog.all()) {
			String provider = this.catalog.upstream(alias).id();
			Gauge.builder("llm.model.loaded", () -> this.checks.outcome(provider).up() ? 1 : 0)
				.description("1 when the model's upstream passed its last check, 0 otherwise")
				.tags("model", alias.id(), "provider", provider)
				.strongReference(true)
				.register(registry);
		}
	}

}
