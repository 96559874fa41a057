package com.intelia.llm.provider;

/**
 * Builds one kind of provider from configuration. Adding a provider is one class that
 * implements this, registered by its {@code @Component} annotation:
 * {@link ProviderRegistry} collects every factory bean and picks by {@link #id()}.
 */
public interface ProviderFactory {

	/** The id operators put in {@code LLM_PROVIDER}. */
	String id();

	/** Builds the provider, failing with a message that says what to set if it cannot. */
	LlmProvider create();

}
