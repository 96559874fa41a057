package com.intelia.llm.prompt;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A template variable and its default.
 *
 * @param name the name used in {@code {{name}}}
 * @param defaultValue the value used when a request gives none, or null for none
 * @param required whether a request must give a value: the template prints it and the
 * front matter gives no default. A variable used only as a section
 * ({@code {{#name}}...{{/name}}}) is a condition and never required.
 */
public record PromptVariable(String name, @JsonProperty("default") @Nullable String defaultValue, boolean required) {
}
