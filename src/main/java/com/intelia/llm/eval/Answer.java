package com.intelia.llm.eval;

import org.jspecify.annotations.Nullable;

/**
 * What the gateway returned for one case.
 *
 * @param status the HTTP status, or 0 when no response arrived
 * @param promptVersion the {@code X-Prompt-Version} header, or null
 * @param model the upstream model named in the response, or null
 * @param content the answer text, empty when there is none
 * @param error why there is no answer, or null
 */
record Answer(int status, @Nullable String promptVersion, @Nullable String model, String content,
		@Nullable String error) {

	static Answer failed(int status, String error) {
		return new Answer(status, null, null, "", error);
	}

}
