package com.intelia.llm.config;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns our own start-up refusals (a missing key, an unknown provider, a vLLM server that
 * serves several models) into Spring Boot's short "APPLICATION FAILED TO START" report,
 * so an operator reads what to set instead of a stack trace. The messages never contain a
 * secret.
 */
class StartupFailureAnalyzer extends AbstractFailureAnalyzer<IllegalStateException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, IllegalStateException cause) {
		StackTraceElement[] trace = cause.getStackTrace();
		if (trace.length == 0 || !trace[0].getClassName().startsWith("com.intelia.llm.")) {
			return null;
		}
		return new FailureAnalysis(cause.getMessage(),
				"Set the variable named above and restart. .env.example lists every variable with its meaning.", cause);
	}

}
