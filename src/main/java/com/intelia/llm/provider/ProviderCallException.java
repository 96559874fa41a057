package com.intelia.llm.provider;

/**
 * A failed call to a provider, naming which provider and upstream model failed, so that
 * the error mapper can explain it in that provider's terms (HuggingFace's token and
 * licence problems, for instance).
 */
public class ProviderCallException extends RuntimeException {

	private final String providerId;

	private final String upstreamModel;

	public ProviderCallException(String providerId, String upstreamModel, Throwable cause) {
		super("Provider " + providerId + " failed", cause, false, false);
		this.providerId = providerId;
		this.upstreamModel = upstreamModel;
	}

	/** The provider id, as in {@code LLM_PROVIDER}. */
	public String providerId() {
		return this.providerId;
	}

	/** The upstream model that was asked for. */
	public String upstreamModel() {
		return this.upstreamModel;
	}

}
