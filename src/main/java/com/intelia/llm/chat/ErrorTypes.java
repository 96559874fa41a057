package com.intelia.llm.chat;

import com.intelia.llm.error.ApiException;

/**
 * The small, fixed set of error classes used in metrics and logs, so labels stay bounded.
 */
final class ErrorTypes {

	private ErrorTypes() {
	}

	static String of(ApiException error) {
		String code = (error.code() == null) ? "" : error.code();
		int status = error.status().value();
		if (status == 504 || code.contains("timeout")) {
			return "timeout";
		}
		if (status == 429) {
			return "rate_limited";
		}
		if (code.startsWith("upstream_auth") || code.equals("upstream_model_gated")) {
			return "upstream_auth";
		}
		if (code.equals("circuit_open")) {
			return "circuit_open";
		}
		if (status == 500) {
			return "internal";
		}
		if (status == 503) {
			return "upstream_unavailable";
		}
		if (status >= 500) {
			return "upstream_5xx";
		}
		if (status == 404) {
			return "not_found";
		}
		return "invalid_request";
	}

}
