package com.intelia.llm.support;

/**
 * The {@code @ResourceLock} key of Logback's one logger context, which every class of the
 * test JVM logs through.
 * <p>
 * A Spring Boot application that starts after another one has closed sets logging up
 * again: for that moment everything logged anywhere in the JVM is dropped, and levels set
 * at run time are reset. So a class that reads its own log output
 * ({@code OutputCaptureExtension}) holds this lock exclusively, and a class that runs
 * beside the sequential ones ({@link ConcurrentClass}) and starts Spring Boot
 * applications holds it shared. Sequential classes need not hold it: they never run at
 * the same time as one another. {@link ClassOrder} runs the exclusive holders first and
 * the shared ones last, so that they seldom wait for each other.
 */
public final class LoggingLock {

	public static final String KEY = "logback-logger-context";

	private LoggingLock() {
	}

}
