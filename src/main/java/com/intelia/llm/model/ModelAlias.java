package com.intelia.llm.model;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A public model name and what it stands for, as declared in the models file.
 *
 * @param id the name callers put in {@code model}
 * @param description one line for {@code /v1/models} readers
 * @param provider the provider that serves it, or null for the active one
 * ({@code LLM_PROVIDER})
 * @param upstreamModel the upstream's model name, or null for the provider's configured
 * one
 * @param prompt the default system prompt id, or null for none
 * @param defaults request parameters applied when the caller sends none, by their OpenAI
 * names
 * @param vision whether the model takes {@code image_url} content parts
 * @param maxTokens the largest {@code max_tokens} a caller may ask for, or null for no
 * cap
 * @param maxPromptChars the largest prompt, in characters, or null for no cap
 */
public record ModelAlias(String id, @Nullable String description, @Nullable String provider,
		@Nullable String upstreamModel, @Nullable String prompt, @DefaultValue Map<String, Object> defaults,
		@DefaultValue("false") boolean vision, @Nullable Integer maxTokens, @Nullable Integer maxPromptChars) {

	public ModelAlias {
		defaults = (defaults != null) ? Map.copyOf(defaults) : Map.of();
	}

}
