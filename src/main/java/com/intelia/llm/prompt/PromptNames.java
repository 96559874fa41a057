package com.intelia.llm.prompt;

import java.util.regex.Pattern;

import com.intelia.llm.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * The strict shapes of prompt ids and versions. Requests never name a file: they name an
 * id and a version that must match these patterns and are then looked up in memory, so no
 * request can reach a file outside the prompt folders. Files whose names do not match are
 * ignored by the loader.
 */
final class PromptNames {

	/**
	 * Lower-case letters, digits, {@code -} and {@code _}; starts with a letter or digit.
	 */
	static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

	/** {@code v} then a number without leading zeros, such as {@code v2}. */
	static final Pattern VERSION = Pattern.compile("v([1-9][0-9]{0,5})");

	/** A version file: {@code v<N>.md}. */
	static final Pattern FILE = Pattern.compile("v([1-9][0-9]{0,5})\\.md");

	private PromptNames() {
	}

	/** The id, or a 400 naming {@code param} when it does not have the allowed shape. */
	static String checkId(String id, String param) {
		if (!ID.matcher(id).matches()) {
			throw ApiException.invalidParam(param, "'" + param
					+ "' must be 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or digit.");
		}
		return id;
	}

	/**
	 * The version number, null for the latest, or a 400 naming {@code param} when it does
	 * not look like {@code v2}.
	 */
	static @Nullable Integer checkVersion(@Nullable String version, String param) {
		if (version == null) {
			return null;
		}
		var matcher = VERSION.matcher(version);
		if (!matcher.matches()) {
			throw ApiException.invalidParam(param, "'" + param + "' must look like 'v2' (v followed by a number).");
		}
		return Integer.valueOf(matcher.group(1));
	}

}
