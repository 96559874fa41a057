package com.intelia.llm.prompt;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A version's metadata in {@code GET /v1/prompts/{id}}.
 *
 * @param version such as {@code v2}
 * @param description one line, or null
 * @param changelog what changed in this version
 * @param variables its variables and their defaults
 * @param source {@code bundled}, or {@code prompts_dir} when {@code PROMPTS_DIR} adds or
 * overrides it
 */
record PromptVersionInfo(String version, @Nullable String description, List<String> changelog,
		List<PromptVariable> variables, String source) {

	static PromptVersionInfo of(PromptTemplate template) {
		return new PromptVersionInfo(template.version(), template.description(), template.changelog(),
				template.variables(), source(template));
	}

	static String source(PromptTemplate template) {
		return template.origin().name().toLowerCase(java.util.Locale.ROOT);
	}

}
