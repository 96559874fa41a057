package com.intelia.llm.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * How every test waits on a condition with Awaitility, set once for the test JVM (loaded
 * by JUnit's extension auto-detection, junit-platform.properties).
 * <p>
 * The condition is checked at once, then every 10 ms. Awaitility's own defaults first
 * wait 100 ms, then check every 100 ms, so each wait lasted at least 100 ms even when its
 * condition already held, and about 50 ms longer than needed otherwise; the suite waits a
 * few hundred times. A wait that gives its own poll interval keeps it, and no longer
 * waits that long first.
 * <p>
 * A wait does not fail on an exception that some other thread did not catch. By default
 * Awaitility sets the JVM's default handler while it waits, so with classes running side
 * by side (junit-platform.properties) one class's stray background exception failed
 * another class's wait, which had nothing to do with it: a RedisLink closed with a
 * connection retry pending retries on its shut-down client about a second after
 * SharedBudgetsConfigurationTest, and that failed CircuitOnDownUpstreamTest. A test that
 * checks something in a thread of its own hands the outcome back to the test's thread.
 */
public final class AwaitilityDefaults implements BeforeAllCallback {

	static {
		Awaitility.setDefaultPollDelay(Duration.ZERO);
		Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
		Awaitility.doNotCatchUncaughtExceptionsByDefault();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		// The defaults are set when JUnit loads this class.
	}

}
