package com.intelia.llm.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads key entries: {@code key} or {@code name:key}, optionally followed by a space and
 * {@code capture=always} or {@code capture=never}. A key without a name is named
 * {@code key-} and the first 8 hex digits of its SHA-256, which is stable when the list
 * is reordered and tells nothing useful about the key. Error messages name the entry by
 * position, never by its text, since the text is a secret.
 */
final class ApiKeyParser {

	/** Names are metric labels and log fields: short and plain. */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	/** What an HTTP header can carry after {@code Bearer }: visible ASCII, no spaces. */
	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,512}");

	/**
	 * The capture option at the end of an entry. A key holds no spaces, so an entry
	 * written before the option existed never ends like this.
	 */
	private static final Pattern CAPTURE_OPTION = Pattern.compile("\\s+capture=(\\S*)$");

	private ApiKeyParser() {
	}

	/**
	 * Parses entries; blank ones and those starting with {@code #} are skipped.
	 * @param entries the entries, in order
	 * @param source where they came from, for error messages
	 */
	static List<ApiKey> parse(List<String> entries, String source) {
		List<ApiKey> keys = new ArrayList<>();
		for (int index = 0; index < entries.size(); index++) {
			String entry = entries.get(index).strip();
			if (!entry.isEmpty() && !entry.startsWith("#")) {
				keys.add(parseEntry(entry, source + " entry " + (index + 1)));
			}
		}
		return keys;
	}

	private static ApiKey parseEntry(String written, String where) {
		Matcher option = CAPTURE_OPTION.matcher(written);
		boolean hasOption = option.find();
		ApiKey.Capture capture = hasOption ? capture(option.group(1), where) : ApiKey.Capture.DEFAULT;
		String entry = hasOption ? written.substring(0, option.start()) : written;
		int colon = entry.indexOf(':');
		String name = (colon > 0) ? entry.substring(0, colon).strip() : null;
		String key = (colon > 0) ? entry.substring(colon + 1).strip() : entry;
		if (name != null && !NAME.matcher(name).matches()) {
			throw new IllegalStateException(
					"The API key name in " + where + " must match " + NAME.pattern() + " (write name:key).");
		}
		if (!KEY.matcher(key).matches()) {
			throw new IllegalStateException(
					"The API key in " + where + " must be 1 to 512 visible ASCII characters, without spaces.");
		}
		byte[] digest = sha256(key);
		return new ApiKey((name != null) ? name : "key-" + HexFormat.of().formatHex(digest, 0, 4), digest, capture);
	}

	private static ApiKey.Capture capture(String value, String where) {
		return switch (value) {
			case "always" -> ApiKey.Capture.ALWAYS;
			case "never" -> ApiKey.Capture.NEVER;
			default -> throw new IllegalStateException(
					"The capture option in " + where + " must be capture=always or capture=never.");
		};
	}

	static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
