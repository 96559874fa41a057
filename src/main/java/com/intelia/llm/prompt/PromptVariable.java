package com.intelia.llm.prompt;

import java.util.List;

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
 * @param values for an enumerated variable, the only values a request may give (empty or
 * absent means unset); null for free text. Each value also opens a section:
 * {@code {{#species.broiler}}...{{/species.broiler}}}.
 */
public record PromptVariable(String name, @JsonProperty("default") @Nullable String defaultValue, boolean required,
		@Nullable List<String> values) {

	public PromptVariable {
		values = (values != null) ? List.copyOf(values) : null;
	}

	/** A free-text variable. */
	public PromptVariable(String name, @Nullable String defaultValue, boolean required) {
		this(name, defaultValue, required, null);
	}

	/** Whether a request may only give one of {@link #values()}. */
	boolean enumerated() {
		return this.values != null;
	}

}
