/**
 * The shared building block of every provider that speaks the OpenAI API over HTTP (vLLM,
 * the HuggingFace router and Inference Endpoints, any OpenAI-compatible server). Not a
 * provider itself: {@link OpenAiCompatibleProvider} is what the concrete provider
 * packages configure, LangChain4j's OpenAI models do the translation, and
 * {@link UpstreamHttpClientBuilder} plugs Apache HttpClient (classic, blocking on virtual
 * threads), tuned for a gateway, into LangChain4j's HTTP client SPI.
 * <p>
 * Dependency rule: the concrete provider packages import this one; this one imports only
 * {@code provider} and {@code error}, never a concrete provider.
 */
@NullMarked
package com.intelia.llm.provider.http;

import org.jspecify.annotations.NullMarked;
