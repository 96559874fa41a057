package com.intelia.llm.apidocs;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.jspecify.annotations.Nullable;

/**
 * One documented error per status the chat endpoint can send, each in OpenAI's envelope
 * with a real type and code, so client authors can branch on them.
 *
 * @param description when it happens
 * @param type the envelope's {@code type}
 * @param code the envelope's {@code code}
 * @param param the envelope's {@code param}
 * @param message an example message
 * @param retryAfter whether a {@code Retry-After} header may come with it
 */
record ErrorExamples(String description, String type, String code, @Nullable String param, String message,
		boolean retryAfter) {

	/** By status, in order. */
	static final Map<String, ErrorExamples> ALL = all();

	private static Map<String, ErrorExamples> all() {
		Map<String, ErrorExamples> all = new LinkedHashMap<>();
		all.put("400",
				new ErrorExamples("The request is malformed or names a parameter this service cannot honour.",
						"invalid_request_error", "invalid_value", "temperature", "temperature must be between 0 and 2.",
						false));
		all.put("401",
				new ErrorExamples("API keys are configured (LLM_API_KEYS) and none or a wrong one was sent.",
						"invalid_request_error", "invalid_api_key", null,
						"Missing or invalid API key. Send Authorization: Bearer <key> or X-Api-Key: <key>.", false));
		all.put("404",
				new ErrorExamples("The model alias (or the selected prompt) does not exist.", "invalid_request_error",
						"model_not_found", "model",
						"The model 'gpt-4' does not exist. Available models: intelia-llama-3.1-8b-aviculture.", false));
		all.put("405", new ErrorExamples("Another method than POST.", "invalid_request_error", "method_not_allowed",
				null, "Method GET is not allowed here; use POST.", false));
		all.put("413",
				new ErrorExamples("The body is larger than LLM_MAX_REQUEST_BYTES.", "invalid_request_error",
						"request_too_large", null,
						"The request body is larger than 8388608 bytes (LLM_MAX_REQUEST_BYTES).", false));
		all.put("415",
				new ErrorExamples("The body is not sent as application/json.", "invalid_request_error",
						"unsupported_media_type", null,
						"Content-Type text/plain is not supported; send application/json.", false));
		all.put("429",
				new ErrorExamples("Too many requests, here or upstream; wait for Retry-After.", "rate_limit_error",
						"upstream_rate_limited", null, "The upstream is rate limiting requests; retry later.", true));
		all.put("502", new ErrorExamples(
				"The upstream failed or refused our credentials (never reported as 401: that is our configuration).",
				"server_error", "upstream_error", null, "The upstream failed to answer.", false));
		all.put("503", new ErrorExamples("The upstream cannot serve now (down, loading, or its circuit is open).",
				"server_error", "upstream_unavailable", null, "The upstream is unavailable; retry later.", true));
		all.put("504",
				new ErrorExamples("The upstream did not answer in time (LLM_TIMEOUT_SECONDS and friends).",
						"server_error", "upstream_timeout", null,
						"The upstream did not answer within 120 s (LLM_TIMEOUT_SECONDS).", false));
		return all;
	}

	ApiResponse response() {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", this.message);
		error.put("type", this.type);
		error.put("param", this.param);
		error.put("code", this.code);
		ApiResponse response = new ApiResponse().description(this.description)
			.content(new Content().addMediaType("application/json",
					new MediaType().schema(WireSchemas.ref("ErrorResponse")).example(Map.of("error", error))));
		response.addHeaderObject("X-Request-Id", ChatOperationDocs.header("The request id."));
		if (this.retryAfter) {
			response.addHeaderObject("Retry-After", ChatOperationDocs.header("Seconds to wait before retrying."));
		}
		return response;
	}

}
