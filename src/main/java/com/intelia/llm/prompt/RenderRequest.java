package com.intelia.llm.prompt;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/prompts/{id}/render}.
 *
 * @param version the version to render, such as {@code v1}; the latest when null
 * @param variables values for the template's variables; the others take their defaults
 * @param context what the caller would send as leading system messages (ai-service's
 * {@code "Context: ..."}): one text or a list, in order
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = false)
record RenderRequest(@Nullable String version, @Nullable Map<String, tools.jackson.databind.JsonNode> variables,
		@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @Nullable List<String> context) {
}
