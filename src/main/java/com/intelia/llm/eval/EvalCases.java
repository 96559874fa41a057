package com.intelia.llm.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an evaluation set: one JSON object per line, blank lines ignored. Every mistake
 * names the line, because a prompt engineer edits this file by hand.
 */
final class EvalCases {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private static final Set<String> LANGUAGES = Set.of("fr", "en");

	private static final Set<String> ROLES = Set.of("system", "user", "assistant");

	private EvalCases() {
	}

	/** The cases of a file, or of {@code prompts/<id>/eval.jsonl} in the jar. */
	static List<EvalCase> load(String location, String text) {
		List<EvalCase> cases = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		List<String> lines = text.lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).isBlank()) {
				continue;
			}
			EvalCase parsed = parse(location, i + 1, lines.get(i));
			if (!ids.add(parsed.id())) {
				throw new IllegalArgumentException(location + ", line " + (i + 1) + ": id '" + parsed.id()
						+ "' is used twice; ids must be unique so runs can be compared.");
			}
			cases.add(parsed);
		}
		if (cases.isEmpty()) {
			throw new IllegalArgumentException(location + " holds no case.");
		}
		return cases;
	}

	static String read(String location) {
		Path file = Path.of(location);
		try {
			if (Files.isRegularFile(file)) {
				return Files.readString(file, StandardCharsets.UTF_8);
			}
			try (InputStream bundled = EvalCases.class.getClassLoader().getResourceAsStream(location)) {
				if (bundled == null) {
					throw new IllegalArgumentException("No evaluation set at '" + location
							+ "' (neither a file nor in the jar). Give one with --cases.");
				}
				return new String(bundled.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + location, ex);
		}
	}

	private static EvalCase parse(String location, int line, String json) {
		EvalCase parsed;
		try {
			parsed = JSON.readValue(json, EvalCase.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(location + ", line " + line + ": " + ex.getOriginalMessage());
		}
		String problem = problem(parsed);
		if (problem != null) {
			throw new IllegalArgumentException(location + ", line " + line + " (" + parsed.id() + "): " + problem);
		}
		return parsed;
	}

	/** What is wrong with a case that parsed, or null. */
	private static @org.jspecify.annotations.Nullable String problem(EvalCase parsed) {
		if (parsed.id() == null || parsed.id().isBlank() || parsed.category() == null || parsed.category().isBlank()) {
			return "id and category are required";
		}
		if (parsed.language() == null || !LANGUAGES.contains(parsed.language())) {
			return "language must be one of " + LANGUAGES;
		}
		if (parsed.messages().isEmpty() || !"user".equals(parsed.messages().getLast().role())) {
			return "messages must end with a user message";
		}
		if (parsed.messages()
			.stream()
			.anyMatch((message) -> message.role() == null || message.content() == null
					|| !ROLES.contains(message.role()))) {
			return "every message needs a content and a role among " + ROLES;
		}
		if (parsed.maxQuestions() < 0 || parsed.maxQuestions() > EvalCase.QUESTION_LIMIT) {
			return "max_questions must be between 0 and " + EvalCase.QUESTION_LIMIT;
		}
		if (parsed.mustContain().isEmpty() && parsed.mustNotContain().isEmpty()) {
			return "give at least one must_contain or must_not_contain pattern";
		}
		return badPattern(parsed);
	}

	private static @org.jspecify.annotations.Nullable String badPattern(EvalCase parsed) {
		List<String> patterns = new ArrayList<>(parsed.mustContain());
		patterns.addAll(parsed.mustNotContain());
		for (String pattern : patterns) {
			try {
				Pattern.compile(pattern);
			}
			catch (PatternSyntaxException ex) {
				return "pattern '" + pattern + "' is not a valid regular expression: " + ex.getDescription();
			}
		}
		return null;
	}

}
