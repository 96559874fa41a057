package com.intelia.llm.access;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Holds the web server open for {@code LLM_SHUTDOWN_DRAIN_SECONDS} once shutdown starts.
 * Spring Boot turns readiness to {@code REFUSING_TRAFFIC} (503) as the context starts to
 * close; without a pause the graceful shutdown would close the port at the same moment,
 * so a load balancer would see refused connections instead of the 503 that tells it to
 * drain. It stops just before the graceful shutdown, which then lets in-flight answers
 * finish within {@code LLM_SHUTDOWN_GRACE_SECONDS}.
 */
@Component
class ShutdownDrain implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

	private final long drainSeconds;

	private volatile boolean running;

	ShutdownDrain(AccessProperties properties) {
		this.drainSeconds = properties.shutdownDrainSeconds();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.drainSeconds > 0) {
			log.info("Shutting down: readiness is 503; still serving for {} s while load balancers drain.",
					this.drainSeconds);
			sleep();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
	}

	private void sleep() {
		try {
			TimeUnit.SECONDS.sleep(this.drainSeconds);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
