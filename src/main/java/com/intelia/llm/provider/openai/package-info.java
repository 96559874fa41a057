/**
 * OpenAI-compatible HTTP upstreams (vLLM, the HuggingFace router...) through
 * LangChain4j's OpenAI models, on a transport of our own:
 * {@link UpstreamHttpClientBuilder} plugs Apache HttpClient (classic, blocking on virtual
 * threads), tuned for a gateway, into LangChain4j's HTTP client SPI.
 */
@NullMarked
package com.intelia.llm.provider.openai;

import org.jspecify.annotations.NullMarked;
