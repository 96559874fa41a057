package com.intelia.llm.capture;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code captureDatabase} health component, shown with its details at
 * {@code /health/capture}. A capture database that is down is reported as
 * {@code DEGRADED}, a status Spring Boot's aggregation of {@code /health} and
 * {@code /health/readiness} ignores (it is not in their status order): chat works without
 * capture, so capture must never take the service out of a load balancer. The
 * {@code capture} group orders it first and answers 503 for it, so a monitor can still
 * watch capture alone. The cause of an outage is in the log, not here: health answers
 * without a key, and a connection error names hosts.
 */
class CaptureHealthIndicator implements HealthIndicator {

	/** Capture is on but its database cannot be written. */
	static final Status DEGRADED = new Status("DEGRADED", "Capture is on but its database is unavailable");

	private final CaptureDatabase database;

	private final CaptureIntake intake;

	private final CaptureQueue queue;

	CaptureHealthIndicator(CaptureDatabase database, CaptureIntake intake, CaptureQueue queue) {
		this.database = database;
		this.intake = intake;
		this.queue = queue;
	}

	@Override
	public Health health() {
		CaptureDatabase.State state = this.database.state();
		Health.Builder health = (state == CaptureDatabase.State.DOWN) ? Health.status(DEGRADED) : Health.up();
		health.withDetail("capturing", this.intake.active())
			.withDetail("database", this.database.url().kind().id())
			.withDetail("state", state.name().toLowerCase(java.util.Locale.ROOT))
			.withDetail("since", this.database.since().toString())
			.withDetail("queued", this.queue.size());
		return health.build();
	}

}
