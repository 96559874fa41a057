package com.intelia.llm.observability;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code upstream} health component, part of {@code /health} and
 * {@code /health/readiness} (not of liveness: a down upstream is no reason to restart the
 * process). It answers from the last cached checks: down when no upstream in use can
 * serve (with a single upstream, when it is down), since one serving upstream is enough
 * for the replica to take traffic; each upstream's state is in the details.
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
		UpstreamChecks.Outcome active = this.checks.outcome(provider);
		Map<String, String> upstreams = new LinkedHashMap<>();
		boolean anyUp = false;
		for (String id : this.checks.upstreamIds()) {
			UpstreamChecks.Outcome outcome = this.checks.outcome(id);
			anyUp |= outcome.up();
			upstreams.put(id, outcome.up() ? "up" : "down: " + outcome.error());
		}
		boolean up = (upstreams.size() == 1) ? active.up() : anyUp;
		Health.Builder health = up ? Health.up() : Health.down();
		if (!active.up()) {
			health.withDetail("error", active.error());
		}
		if (active.checkedAt() != null) {
			health.withDetail("checkedAt", active.checkedAt().toString());
		}
		health.withDetail("provider", provider);
		if (upstreams.size() > 1) {
			health.withDetail("upstreams", upstreams);
		}
		return health.build();
	}

}
