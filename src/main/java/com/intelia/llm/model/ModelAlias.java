package com.intelia.llm.model;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A public model name and what it stands for, as declared in the models file.
 *
 * @param id the name callers put in {@code model}
 * @param description one line for {@code /v1/models} readers
 * @param upstream the upstream that serves it: a name declared under {@code upstreams},
 * or a provider id ({@code vllm}, {@code huggingface}, {@code simulator}); null for the
 * one {@code LLM_PROVIDER} chooses
 * @param upstreamModel the upstream's model name (a base model or a LoRA adapter), or
 * null for the upstream's own default
 * @param prompt the default system prompt id, or null for none
 * @param defaults request parameters applied when the caller sends none, by their OpenAI
 * names
 * @param vision whether the model takes {@code image_url} content parts
 * @param maxTokens the largest {@code max_tokens} a caller may ask for, or null for no
 * cap
 * @param maxPromptChars the largest prompt, in characters, or null for no cap
 * @param fallback the alias that serves this one's requests when its upstream fails
 * retryably or its circuit is open, or null
 * @param canary a share of this alias's traffic served as another alias, or null
 */
public record ModelAlias(String id, @Nullable String description, @Nullable String upstream,
		@Nullable String upstreamModel, @Nullable String prompt, Map<String, Object> defaults, boolean vision,
		@Nullable Integer maxTokens, @Nullable Integer maxPromptChars, @Nullable String fallback,
		@Nullable Canary canary) {

	public ModelAlias {
		defaults = (defaults != null) ? Map.copyOf(defaults) : Map.of();
	}

}
