package com.intelia.llm.observability;

import java.util.List;
import java.util.Set;

import com.intelia.llm.chat.Exchange;
import org.jspecify.annotations.Nullable;

/**
 * Keeps metric labels bounded: every value comes from a fixed set or from configuration
 * (aliases, provider ids), never from what a caller typed.
 */
final class Labels {

	/** The label value when a request named no known alias or reached no provider. */
	static final String UNKNOWN = "unknown";

	/**
	 * Every {@code llm_errors_total} type. The chat feature's set, plus
	 * {@code unauthorized} and {@code internal} for requests refused before it runs, and
	 * {@code other} for anything unforeseen.
	 */
	static final List<String> TYPES = List.of("timeout", "rate_limited", "upstream_auth", "circuit_open",
			"upstream_unavailable", "upstream_5xx", "not_found", "invalid_request", "client_disconnect", "unauthorized",
			"internal", "other");

	/**
	 * Errors the caller made: the upstream was never asked, so no latency is recorded.
	 */
	private static final Set<String> CALLER_ERRORS = Set.of("invalid_request", "not_found", "unauthorized");

	private Labels() {
	}

	static String bounded(@Nullable String value) {
		return (value != null) ? value : UNKNOWN;
	}

	static String errorType(String type) {
		return TYPES.contains(type) ? type : "other";
	}

	/**
	 * Whether the request got as far as the upstream, so its latency says something about
	 * the model rather than about a malformed request.
	 */
	static boolean reachedUpstream(Exchange exchange) {
		return exchange.provider() != null
				&& (exchange.errorType() == null || !CALLER_ERRORS.contains(exchange.errorType()));
	}

	/** The error type of a request refused before the chat endpoint ran. */
	static @Nullable String errorTypeOf(int status) {
		return switch (status) {
			case 401, 403 -> "unauthorized";
			case 404 -> "not_found";
			case 429 -> "rate_limited";
			case 503 -> "upstream_unavailable";
			case 504 -> "timeout";
			default -> (status >= 500) ? "internal" : (status >= 400) ? "invalid_request" : null;
		};
	}

}
