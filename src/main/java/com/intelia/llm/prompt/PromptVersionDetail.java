package com.intelia.llm.prompt;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/prompts/{id}/versions/{version}}: one version's template.
 *
 * @param id the prompt id
 * @param object always {@code prompt.version}
 * @param version such as {@code v2}
 * @param latest whether requests naming no version get this one
 * @param description one line, or null
 * @param changelog what changed in this version
 * @param variables its variables and their defaults
 * @param source {@code bundled} or {@code prompts_dir}
 * @param template the Mustache template, as written after the front matter
 */
record PromptVersionDetail(String id, String object, String version, boolean latest, @Nullable String description,
		List<String> changelog, List<PromptVariable> variables, String source, String template) {
}
