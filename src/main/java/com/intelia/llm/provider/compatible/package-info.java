/**
 * Any OpenAI-compatible server the models file names with {@code kind: openai}: TGI,
 * llama.cpp's server, SGLang, Ollama's {@code /v1}, a hosted API.
 */
@NullMarked
package com.intelia.llm.provider.compatible;

import org.jspecify.annotations.NullMarked;
