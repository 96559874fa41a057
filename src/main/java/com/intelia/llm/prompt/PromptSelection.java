package com.intelia.llm.prompt;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The prompt a request asks for with the {@code prompt} body field, shaped like OpenAI's
 * reusable-prompt object: {@code {"id":"aviculture","version":"v1","variables":{...}}}.
 *
 * @param id the prompt id
 * @param version the version, or null for the latest
 * @param variables values for the template's variables
 */
public record PromptSelection(String id, @Nullable String version, Map<String, String> variables) {

	public PromptSelection {
		variables = Map.copyOf(variables);
	}

}
