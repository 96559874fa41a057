package com.intelia.llm.provider;

/**
 * Builds the upstreams of one kind that the models file declares by name
 * ({@code upstreams: {gpu: {kind: vllm, url: ...}}}). Adding a kind is one class that
 * implements this, registered by its {@code @Component} annotation.
 */
public interface UpstreamKind {

	/** The kind the file names: {@code vllm}, {@code huggingface}, {@code openai}. */
	String kind();

	/**
	 * Builds the provider of one declaration, failing with a message that names the
	 * file's entry and the fix when it cannot; never reaches the network.
	 */
	LlmProvider create(UpstreamSpec spec);

}
