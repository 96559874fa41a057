package com.intelia.llm.prompt;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/prompts/{id}}: a prompt and its versions.
 *
 * @param id the prompt id
 * @param object always {@code prompt}
 * @param latestVersion the version requests get when they name none
 * @param description the latest version's description
 * @param versions every version with its metadata, oldest first
 */
record PromptDetail(String id, String object, @JsonProperty("latest_version") String latestVersion,
		@Nullable String description, List<PromptVersionInfo> versions) {
}
