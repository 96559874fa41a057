/**
 * A self-hosted vLLM server ({@code LLM_PROVIDER=vllm}), through its OpenAI-compatible
 * API.
 */
@NullMarked
package com.intelia.llm.provider.vllm;

import org.jspecify.annotations.NullMarked;
