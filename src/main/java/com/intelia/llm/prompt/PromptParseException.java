package com.intelia.llm.prompt;

/**
 * A prompt file that cannot be used, with the file and line to fix.
 */
class PromptParseException extends RuntimeException {

	private final String location;

	private final int line;

	private final String problem;

	PromptParseException(String location, int line, String problem) {
		super(location + ", line " + line + ": " + problem, null, false, false);
		this.location = location;
		this.line = line;
		this.problem = problem;
	}

	/** What is wrong, without the file and line. */
	String problem() {
		return this.problem;
	}

	String location() {
		return this.location;
	}

	int line() {
		return this.line;
	}

}
