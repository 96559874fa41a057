package com.intelia.llm.error;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The small, fixed vocabulary of failure classes that metrics and logs use, so that
 * labels stay bounded. Every failure the caller sees maps to one of these, whichever
 * layer refused it.
 */
public enum ErrorType {

	TIMEOUT("timeout"), RATE_LIMITED("rate_limited"), UPSTREAM_AUTH("upstream_auth"), CIRCUIT_OPEN("circuit_open"),
	UPSTREAM_UNAVAILABLE("upstream_unavailable"), UPSTREAM_5XX("upstream_5xx"), NOT_FOUND("not_found"),
	INVALID_REQUEST("invalid_request"), CLIENT_DISCONNECT("client_disconnect"), UNAUTHORIZED("unauthorized"),
	INTERNAL("internal"), OTHER("other");

	/** Every label, in declaration order. */
	public static final List<String> LABELS = Arrays.stream(values()).map(ErrorType::label).toList();

	private final String label;

	ErrorType(String label) {
		this.label = label;
	}

	/** The label value used in metrics and the access log. */
	public String label() {
		return this.label;
	}

	/** The class of an error the caller is sent. */
	public static ErrorType of(ApiException error) {
		String code = (error.code() == null) ? "" : error.code();
		int status = error.status().value();
		if (status == 504 || code.contains("timeout")) {
			return TIMEOUT;
		}
		if (status == 429) {
			return RATE_LIMITED;
		}
		if (code.startsWith("upstream_auth") || code.equals("upstream_model_gated")) {
			return UPSTREAM_AUTH;
		}
		if (code.equals("circuit_open")) {
			return CIRCUIT_OPEN;
		}
		if (status == 401 || status == 403) {
			return UNAUTHORIZED;
		}
		if (status == 500) {
			return INTERNAL;
		}
		if (status == 503) {
			return UPSTREAM_UNAVAILABLE;
		}
		if (status >= 500) {
			return UPSTREAM_5XX;
		}
		if (status == 404) {
			return NOT_FOUND;
		}
		return INVALID_REQUEST;
	}

	/**
	 * The class of a response known only by its status: one the servlet container or a
	 * framework layer sent without going through {@link ErrorWriter}.
	 */
	public static @Nullable ErrorType ofStatus(int status) {
		return switch (status) {
			case 401, 403 -> UNAUTHORIZED;
			case 404 -> NOT_FOUND;
			case 429 -> RATE_LIMITED;
			case 503 -> UPSTREAM_UNAVAILABLE;
			case 504 -> TIMEOUT;
			default -> (status >= 500) ? INTERNAL : (status >= 400) ? INVALID_REQUEST : null;
		};
	}

	/** The label of a status-only response, or null for a success. */
	public static @Nullable String labelOfStatus(int status) {
		ErrorType type = ofStatus(status);
		return (type != null) ? type.label : null;
	}

	/**
	 * The bounded label for any text: itself if it is one of ours, else {@code other}.
	 */
	public static String bounded(String label) {
		return LABELS.contains(label) ? label : OTHER.label;
	}

}
