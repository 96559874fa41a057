package com.intelia.llm.observability;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code upstream} health component, part of {@code /health} and
 * {@code /health/readiness} (not of liveness: a down upstream is no reason to restart the
 * process). It answers from the last cached check.
 */
@Component
class UpstreamHealthIndicator implements HealthIndicator {

	private final UpstreamChecks checks;

	UpstreamHealthIndicator(UpstreamChecks checks) {
		this.checks = checks;
	}

	@Override
	public Health health() {
		String provider = this.checks.activeId();
		UpstreamChecks.Outcome outcome = this.checks.outcome(provider);
		Health.Builder health = outcome.up() ? Health.up() : Health.down().withDetail("error", outcome.error());
		if (outcome.checkedAt() != null) {
			health.withDetail("checkedAt", outcome.checkedAt().toString());
		}
		return health.withDetail("provider", provider).build();
	}

}
