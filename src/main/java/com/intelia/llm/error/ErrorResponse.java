package com.intelia.llm.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's error envelope: {@code {"error":{"message","type","param","code"}}}. All four
 * keys are always written; {@code param} and {@code code} may be null.
 *
 * @param error the error
 */
public record ErrorResponse(Error error) {

	/**
	 * The error object.
	 *
	 * @param message what went wrong and what to do about it
	 * @param type OpenAI's error type, for example {@code invalid_request_error}
	 * @param param the request parameter at fault, if any
	 * @param code a stable machine-readable code, if any
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record Error(String message, String type, @Nullable String param, @Nullable String code) {
	}

}
