package com.intelia.llm.observability;

import java.util.List;
import java.util.Set;

import com.intelia.llm.error.ErrorType;
import com.intelia.llm.exchange.Exchange;
import org.jspecify.annotations.Nullable;

/**
 * Keeps metric labels bounded: every value comes from a fixed set or from configuration
 * (aliases, provider ids), never from what a caller typed.
 */
final class Labels {

	/** The label value when a request named no known alias or reached no provider. */
	static final String UNKNOWN = "unknown";

	/** Every {@code llm_errors_total} type: the error vocabulary of {@link ErrorType}. */
	static final List<String> TYPES = ErrorType.LABELS;

	/**
	 * Errors the caller made: the upstream was never asked, so no latency is recorded.
	 */
	private static final Set<String> CALLER_ERRORS = Set.of(ErrorType.INVALID_REQUEST.label(),
			ErrorType.NOT_FOUND.label(), ErrorType.UNAUTHORIZED.label());

	private Labels() {
	}

	static String bounded(@Nullable String value) {
		return (value != null) ? value : UNKNOWN;
	}

	static String errorType(String type) {
		return ErrorType.bounded(type);
	}

	/**
	 * Whether the request got as far as the upstream, so its latency says something about
	 * the model rather than about a malformed request.
	 */
	static boolean reachedUpstream(Exchange exchange) {
		return exchange.provider() != null
				&& (exchange.errorType() == null || !CALLER_ERRORS.contains(exchange.errorType()));
	}

}
