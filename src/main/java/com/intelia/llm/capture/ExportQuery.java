package com.intelia.llm.capture;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

import com.intelia.llm.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /v1/datasets/export} was asked for. Every parameter is checked: an
 * unknown or repeated one is a 400 naming it, never ignored.
 *
 * @param format the training format
 * @param since completions from this time on, or null
 * @param until completions before this time, or null
 * @param alias only this model alias, or null
 * @param promptVersion only this prompt version, or null
 * @param omitSystemPrompt whether to give the caller's messages as sent instead of
 * leading with the system prompt that was sent upstream
 */
record ExportQuery(ExportFormat format, @Nullable Instant since, @Nullable Instant until, @Nullable String alias,
		@Nullable String promptVersion, boolean omitSystemPrompt) {

	private static final Set<String> PARAMETERS = Set.of("format", "since", "until", "alias", "prompt_version",
			"system_prompt");

	static ExportQuery from(Map<String, String[]> parameters) {
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			if (!PARAMETERS.contains(parameter.getKey())) {
				throw ApiException.unsupportedParam(parameter.getKey(), "Unknown parameter; the export takes "
						+ "format, since, until, alias, prompt_version and system_prompt.");
			}
			if (parameter.getValue().length > 1) {
				throw ApiException.invalidParam(parameter.getKey(), "Give '" + parameter.getKey() + "' once.");
			}
		}
		String formatId = value(parameters, "format");
		if (formatId == null) {
			throw ApiException.invalidParam("format", "'format' is required: one of " + ExportFormat.ids() + ".");
		}
		ExportFormat format = ExportFormat.of(formatId);
		if (format == null) {
			throw ApiException.invalidParam("format", "'format' must be one of " + ExportFormat.ids() + ".");
		}
		Instant since = time(parameters, "since");
		Instant until = time(parameters, "until");
		if (since != null && until != null && !since.isBefore(until)) {
			throw ApiException.invalidParam("until", "'until' must be after 'since'.");
		}
		return new ExportQuery(format, since, until, value(parameters, "alias"), value(parameters, "prompt_version"),
				omit(value(parameters, "system_prompt")));
	}

	private static @Nullable String value(Map<String, String[]> parameters, String name) {
		String[] values = parameters.get(name);
		return (values != null && !values[0].isBlank()) ? values[0].strip() : null;
	}

	/** An instant ({@code 2025-03-01T00:00:00Z}) or a UTC day ({@code 2025-03-01}). */
	private static @Nullable Instant time(Map<String, String[]> parameters, String name) {
		String text = value(parameters, name);
		if (text == null) {
			return null;
		}
		try {
			return (text.length() == 10) ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
					: Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw ApiException.invalidParam(name,
					"'" + name + "' must be a UTC day (2025-03-01) or an instant (2025-03-01T08:00:00Z).");
		}
	}

	private static boolean omit(@Nullable String systemPrompt) {
		if (systemPrompt == null || systemPrompt.equals("include")) {
			return false;
		}
		if (systemPrompt.equals("omit")) {
			return true;
		}
		throw ApiException.invalidParam("system_prompt", "'system_prompt' must be 'include' (default) or 'omit'.");
	}

}
