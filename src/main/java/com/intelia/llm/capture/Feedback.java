package com.intelia.llm.capture;

import java.util.Set;

import com.intelia.llm.error.ApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/feedback}.
 *
 * @param completionId the {@code id} of the answer being rated
 * @param rating 1 (good) or -1 (bad)
 * @param comment why, or null
 * @param correction the answer an expert would give, or null
 */
record Feedback(String completionId, int rating, @Nullable String comment, @Nullable String correction) {

	private static final Set<String> FIELDS = Set.of("completion_id", "rating", "comment", "correction");

	/** Reads the body; a wrong field is a 400 naming it. */
	static Feedback read(JsonNode body) {
		if (!body.isObject()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_value", null,
					"The body must be a JSON object.");
		}
		for (String name : body.propertyNames()) {
			if (!FIELDS.contains(name)) {
				throw ApiException.unsupportedParam(name,
						"Unknown field; feedback takes completion_id, rating, comment and correction.");
			}
		}
		JsonNode id = body.get("completion_id");
		if (id == null || !id.isString() || id.stringValue().isBlank() || id.stringValue().length() > 256) {
			throw ApiException.invalidParam("completion_id",
					"'completion_id' is required: the 'id' of the chat completion being rated.");
		}
		JsonNode rating = body.get("rating");
		if (rating == null || !rating.isIntegralNumber() || !rating.canConvertToInt()
				|| Math.abs(rating.intValue()) != 1) {
			throw ApiException.invalidParam("rating", "'rating' is required and must be 1 or -1.");
		}
		return new Feedback(id.stringValue(), rating.intValue(), optional(body, "comment"),
				optional(body, "correction"));
	}

	private static @Nullable String optional(JsonNode body, String field) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw ApiException.invalidParam(field, "'" + field + "' must be a string.");
		}
		if ("correction".equals(field) && value.stringValue().isBlank()) {
			throw ApiException.invalidParam(field, "'correction' must not be empty; leave it out instead.");
		}
		return value.stringValue();
	}

	@Override
	public String toString() {
		return "Feedback[" + this.completionId + ", rating=" + this.rating + "]";
	}

}
