package com.intelia.llm.provider;

import java.util.List;

import com.intelia.llm.error.ApiException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;

/**
 * A configured upstream: the LangChain4j models that answer for it and what it can take.
 * Providers know nothing of our HTTP layer; the chat service drives them through
 * LangChain4j only.
 */
public interface LlmProvider {

	/**
	 * The provider id, as in {@code LLM_PROVIDER}: {@code vllm}, {@code huggingface}...
	 */
	String id();

	/** The upstream model used when an alias names none. */
	String defaultUpstreamModel();

	/** The blocking model. */
	ChatModel chatModel();

	/** The streaming model. */
	StreamingChatModel streamingChatModel();

	/**
	 * Whether vendor fields (vLLM's {@code top_k}, {@code min_p}...) reach the upstream.
	 * Only OpenAI-compatible HTTP upstreams carry them; others reject them with a 400.
	 */
	boolean forwardsVendorParameters();

	/**
	 * Checks that the upstream can serve, without a billed completion (for example
	 * {@code GET /v1/models}). Throws when it cannot; callers cache the outcome.
	 */
	default void probe() {
	}

	/**
	 * The models the upstream serves, as its {@code GET /v1/models} lists them; an
	 * in-process model lists its own. Throws when the upstream cannot be asked.
	 */
	default List<UpstreamModel> models() {
		return List.of(new UpstreamModel(defaultUpstreamModel(), null));
	}

	/**
	 * Where this upstream points and which settings say so; in-process models by default.
	 */
	default UpstreamSettings settings() {
		return UpstreamSettings.inProcess(id());
	}

	/**
	 * What the caller is told when a call to this upstream failed: the provider knows its
	 * upstream's errors and which setting to name.
	 * @param failure what the call threw
	 * @param upstreamModel the model that was asked for
	 */
	default ApiException explain(Throwable failure, String upstreamModel) {
		return UpstreamErrors.explain(failure, settings(), upstreamModel, HttpErrorExplainer.NONE);
	}

}
