package com.intelia.llm.access;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code sharedBudgets} component of {@code /health}, present when budgets live in
 * Redis. It is {@code UP} while Redis answers, and {@value #DEGRADED_CODE} while requests
 * are served without their budgets. {@code DEGRADED} ranks between {@code DOWN} and
 * {@code UP} and maps to HTTP 200 (application.yml), so the aggregate {@code /health}
 * says it without failing, and the readiness and liveness groups, which do not include
 * this component, never go down with Redis: limits degrade, the service does not. It
 * answers from what the last calls found and never calls Redis itself.
 */
class SharedBudgetsHealthIndicator implements HealthIndicator {

	static final String DEGRADED_CODE = "DEGRADED";

	static final Status DEGRADED = new Status(DEGRADED_CODE,
			"Redis cannot be used: requests are served without their per-key budgets");

	private final RedisLink link;

	private final RedisFailOpen failOpen;

	private final long timeoutMs;

	SharedBudgetsHealthIndicator(RedisLink link, RedisFailOpen failOpen, RedisBudgetProperties properties) {
		this.link = link;
		this.failOpen = failOpen;
		this.timeoutMs = properties.timeoutMs();
	}

	@Override
	public Health health() {
		boolean connected = this.link.connected();
		boolean limiting = connected && this.failOpen.limiting();
		Health.Builder health = limiting ? Health.up() : Health.status(DEGRADED);
		health.withDetail("store", "redis")
			.withDetail("connected", connected)
			.withDetail("limiting", limiting)
			.withDetail("timeoutMs", this.timeoutMs)
			.withDetail("servedWithoutBudget", this.failOpen.total());
		RedisFailOpen.Failure last = this.failOpen.last();
		if (last != null) {
			health.withDetail("lastFailure", last.what()).withDetail("lastFailureAt", last.at().toString());
		}
		return health.build();
	}

}
