/**
 * The HuggingFace router or a dedicated Inference Endpoint
 * ({@code LLM_PROVIDER=huggingface}), through its OpenAI-compatible API.
 */
@NullMarked
package com.intelia.llm.provider.huggingface;

import org.jspecify.annotations.NullMarked;
