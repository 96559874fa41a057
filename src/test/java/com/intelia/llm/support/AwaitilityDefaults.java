package com.intelia.llm.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * How every test waits on a condition with Awaitility, set once for the test JVM (loaded
 * by JUnit's extension auto-detection, junit-platform.properties): the condition is
 * checked at once, then every 10 ms. Awaitility's own defaults first wait 100 ms, then
 * check every 100 ms, so each wait lasted at least 100 ms even when its condition already
 * held, and about 50 ms longer than needed otherwise; the suite waits a few hundred
 * times. A wait that gives its own poll interval keeps it, and no longer waits that long
 * first.
 */
public final class AwaitilityDefaults implements BeforeAllCallback {

	static {
		Awaitility.setDefaultPollDelay(Duration.ZERO);
		Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		// The defaults are set when JUnit loads this class.
	}

}
