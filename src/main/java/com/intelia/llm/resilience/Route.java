package com.intelia.llm.resilience;

import com.intelia.llm.provider.LlmProvider;

/**
 * Where a request's attempts go: an upstream, and the model asked of it (a base model or
 * a LoRA adapter beside it).
 *
 * @param provider the provider or named upstream
 * @param upstreamModel the model name sent upstream
 */
public record Route(LlmProvider provider, String upstreamModel) {
}
