package com.intelia.llm.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes personal data from captured text before it is written: e-mail addresses, phone
 * numbers and whatever {@code LLM_CAPTURE_REDACT} matches. In JSON only string values are
 * rewritten, so the document stays valid; a string that itself holds JSON (tool-call
 * arguments) is redacted inside and written back as JSON.
 */
final class Redactor {

	static final String EMAIL_MARK = "[email]";

	static final String PHONE_MARK = "[phone]";

	static final String CUSTOM_MARK = "[redacted]";

	private static final Pattern EMAIL = Pattern
		.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

	/**
	 * International numbers ({@code +33 6 12 34 56 78}), North American ones
	 * ({@code (514) 555-0199}, {@code 514.555.0199}) and French ones
	 * ({@code 06 12 34 56 78}). Counts like {@code 25 000} or dates stay: a match needs 8
	 * to 15 digits ({@link #phone}).
	 */
	private static final Pattern PHONE = Pattern.compile("(?<![\\w+])(?:\\+\\d{1,3}(?:[ .-]?\\(?\\d{1,4}\\)?){2,6}"
			+ "|\\(\\d{3}\\)[ .-]?\\d{3}[ .-]\\d{4}|\\d{3}[ .-]\\d{3}[ .-]\\d{4}|0\\d(?:[ .-]?\\d{2}){4})(?![\\w])");

	/** Fields that carry structure, not text; redacting them could break the message. */
	private static final Set<String> STRUCTURAL = Set.of("role", "type", "id", "tool_call_id");

	private final JsonMapper json;

	private final List<Map.Entry<Pattern, String>> extra;

	/**
	 * @param json reads and writes the JSON fields
	 * @param extra {@code LLM_CAPTURE_REDACT}, or empty
	 */
	Redactor(JsonMapper json, String extra) {
		this.json = json;
		this.extra = new ArrayList<>();
		if (!extra.isBlank()) {
			try {
				this.extra.add(Map.entry(Pattern.compile(extra), CUSTOM_MARK));
			}
			catch (PatternSyntaxException ex) {
				throw new IllegalStateException("LLM_CAPTURE_REDACT is not a valid Java regular expression: "
						+ ex.getDescription() + " near index " + ex.getIndex() + ".");
			}
		}
	}

	/** Plain text, redacted; NUL characters, which PostgreSQL text refuses, replaced. */
	@Nullable String text(@Nullable String text) {
		if (text == null) {
			return null;
		}
		// Most text has neither an @ nor 8 digits: a scan is cheaper than the patterns.
		String redacted = (text.indexOf('@') >= 0) ? EMAIL.matcher(text).replaceAll(EMAIL_MARK) : text;
		if (hasDigits(redacted, 8)) {
			redacted = PHONE.matcher(redacted).replaceAll(Redactor::phone);
		}
		for (Map.Entry<Pattern, String> rule : this.extra) {
			redacted = rule.getKey().matcher(redacted).replaceAll(rule.getValue());
		}
		return redacted.replace('\u0000', '\uFFFD');
	}

	/**
	 * A JSON document with every string value redacted. Text that is not JSON is redacted
	 * as plain text.
	 */
	@Nullable String json(@Nullable String document) {
		if (document == null) {
			return null;
		}
		JsonNode tree;
		try {
			tree = this.json.readTree(document);
		}
		catch (JacksonException ex) {
			return text(document);
		}
		return this.json.writeValueAsString(redact(tree));
	}

	/** The completion as it may be written. */
	CapturedCompletion apply(CapturedCompletion c) {
		return new CapturedCompletion(c.completionId(), c.createdAt(), c.keyName(), c.alias(), c.upstream(),
				c.upstreamModel(), c.promptId(), c.promptVersion(), text(c.sentSystemPrompt()), json(c.messagesJson()),
				json(c.toolsJson()), json(c.answerJson()), c.finishReason(), c.promptTokens(), c.completionTokens(),
				c.timeToFirstTokenMillis(), c.durationMillis());
	}

	private JsonNode redact(JsonNode node) {
		if (node instanceof ObjectNode object) {
			for (String name : List.copyOf(object.propertyNames())) {
				JsonNode value = object.get(name);
				if (!(STRUCTURAL.contains(name) && value.isString())) {
					object.set(name, redact(value));
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				array.set(i, redact(array.get(i)));
			}
		}
		else if (node.isString()) {
			return this.json.getNodeFactory().stringNode(string(node.stringValue()));
		}
		return node;
	}

	/** A string value; one holding a JSON object or array is redacted as JSON. */
	private String string(String value) {
		String trimmed = value.strip();
		if ((trimmed.startsWith("{") && trimmed.endsWith("}")) || (trimmed.startsWith("[") && trimmed.endsWith("]"))) {
			try {
				JsonNode inner = this.json.readTree(value);
				String redacted = this.json.writeValueAsString(redact(inner.deepCopy()));
				return redacted.equals(this.json.writeValueAsString(inner)) ? value : redacted;
			}
			catch (JacksonException ex) {
				// Not JSON after all: plain text.
			}
		}
		String redacted = text(value);
		return (redacted != null) ? redacted : value;
	}

	private static boolean hasDigits(String text, int count) {
		int seen = 0;
		for (int i = 0; i < text.length() && seen < count; i++) {
			if (Character.isDigit(text.charAt(i))) {
				seen++;
			}
		}
		return seen >= count;
	}

	private static String phone(MatchResult match) {
		long digits = match.group().chars().filter(Character::isDigit).count();
		return (digits >= 8 && digits <= 15) ? PHONE_MARK : Matcher.quoteReplacement(match.group());
	}

}
