package com.intelia.llm.check;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one step of the check.
 *
 * @param name what was checked
 * @param outcome passed, failed or not run
 * @param detail what was found: a latency, or the explanation of a failure
 * @param code the service's error code for a failure (as callers would see it), or null
 */
record Step(String name, Outcome outcome, String detail, @Nullable String code) {

	enum Outcome {

		OK, FAIL, SKIP

	}

	static Step ok(String name, String detail) {
		return new Step(name, Outcome.OK, detail, null);
	}

	static Step fail(String name, @Nullable String code, String detail) {
		return new Step(name, Outcome.FAIL, detail, code);
	}

	static Step skipped(String name) {
		return new Step(name, Outcome.SKIP, "not run: an earlier step failed", null);
	}

	boolean failed() {
		return this.outcome == Outcome.FAIL;
	}

}
