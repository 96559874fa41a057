package com.intelia.llm.prompt;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One prompt in {@code GET /v1/prompts}.
 *
 * @param id the prompt id
 * @param object always {@code prompt}
 * @param latestVersion the version requests get when they name none
 * @param versions every version, oldest first
 * @param description the latest version's description
 */
record PromptSummary(String id, String object, @JsonProperty("latest_version") String latestVersion,
		List<String> versions, @Nullable String description) {
}
