package com.intelia.llm.provider;

import org.jspecify.annotations.Nullable;

/**
 * A model an upstream lists at {@code GET /v1/models}.
 *
 * @param id the name requests select it by
 * @param parent for a LoRA adapter on vLLM, the base model it adapts; null for a base
 * model
 */
public record UpstreamModel(String id, @Nullable String parent) {
}
