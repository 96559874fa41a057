package com.intelia.llm.observability;

import java.time.Duration;

import jakarta.validation.Valid;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of health checks and metrics.
 *
 * @param upstreamCheck how the upstream's readiness is checked
 */
@Validated
@ConfigurationProperties("observability")
record ObservabilityProperties(@Valid @DefaultValue UpstreamCheck upstreamCheck) {

	/**
	 * The cached upstream check behind {@code /health/readiness} and
	 * {@code llm_model_loaded}. Probes never run a completion, so they cost nothing
	 * billed.
	 *
	 * @param interval time between two probes ({@code UPSTREAM_CHECK_INTERVAL}, such as
	 * {@code 20s})
	 * @param timeout longest a probe may take before the upstream counts as down
	 * ({@code UPSTREAM_CHECK_TIMEOUT})
	 */
	record UpstreamCheck(@DurationMin(seconds = 1) @DefaultValue("20s") Duration interval,
			@DurationMin(millis = 100) @DefaultValue("5s") Duration timeout) {
	}

}
