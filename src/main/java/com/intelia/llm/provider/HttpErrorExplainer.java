package com.intelia.llm.provider;

import com.intelia.llm.error.ApiException;
import dev.langchain4j.exception.HttpException;
import org.jspecify.annotations.Nullable;

/**
 * A provider's own reading of its upstream's error answers (HuggingFace's gated models
 * and token permissions, for one), tried before the generic mapping.
 */
@FunctionalInterface
public interface HttpErrorExplainer {

	/** Explains nothing: the generic mapping applies. */
	HttpErrorExplainer NONE = (http, model) -> null;

	/**
	 * The caller-facing error, or null when this provider has nothing special to say.
	 * @param http the error answer, with its status and body
	 * @param upstreamModel the model that was asked for
	 */
	@Nullable ApiException explain(HttpException http, String upstreamModel);

}
