package com.intelia.llm.error;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * Turns a JSON parse failure into a short, safe description: where it failed, never the
 * parser's internals or the body itself.
 */
final class JsonErrors {

	private JsonErrors() {
	}

	static String describe(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof JacksonException jackson) {
			TokenStreamLocation location = jackson.getLocation();
			String what = jackson.getOriginalMessage();
			String where = (location == null) ? ""
					: " at line " + location.getLineNr() + ", column " + location.getColumnNr();
			return firstLine(what) + where + ".";
		}
		return "The body is empty or unreadable.";
	}

	private static String firstLine(String text) {
		if (text == null) {
			return "Parse error";
		}
		int newline = text.indexOf('\n');
		String line = (newline < 0) ? text : text.substring(0, newline);
		return (line.length() > 200) ? line.substring(0, 200) + "…" : line;
	}

}
