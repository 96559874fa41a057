package com.intelia.llm.check;

import java.io.PrintStream;
import java.util.List;

/** The check's printed report: one line per step, then the verdict. */
final class Report {

	private Report() {
	}

	static void print(PrintStream out, String subject, List<Step> steps) {
		out.println("Intelia LLM check: " + subject);
		for (Step step : steps) {
			out.printf("  %-4s  %-24s %s%n", step.outcome(), step.name(), step.detail());
		}
		out.println(verdict(steps));
		out.flush();
	}

	static String verdict(List<Step> steps) {
		for (Step step : steps) {
			if (step.failed()) {
				return "VERDICT: FAIL at " + step.name() + ((step.code() != null) ? " (" + step.code() + ")" : "");
			}
		}
		Step last = steps.get(steps.size() - 1);
		return "VERDICT: PASS, " + last.detail();
	}

	/**
	 * Why the context did not start: the first cause that is not Spring's wrapping (the
	 * service's own start-up messages name the variable to set and never hold a secret).
	 */
	static String reason(Throwable failure) {
		Throwable cause = failure;
		while (cause.getClass().getName().startsWith("org.springframework.") && cause.getCause() != null
				&& cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

}
