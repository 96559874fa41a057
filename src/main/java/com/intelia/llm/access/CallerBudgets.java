package com.intelia.llm.access;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.intelia.llm.access.Budget.Window;
import com.intelia.llm.error.ApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The budgets of every caller, one per key name. With keys off, all callers share one
 * {@value #ANONYMOUS} budget: the service then trusts its network, and a per-address
 * budget would be both unbounded in memory and defeated by a proxy or NAT in front.
 */
@Component
class CallerBudgets {

	static final String ANONYMOUS = "anonymous";

	private final AccessProperties.RateLimit limits;

	private final Set<String> names;

	private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

	CallerBudgets(AccessProperties properties, ApiKeys keys) {
		this.limits = properties.rateLimit();
		this.names = new HashSet<>(keys.names());
	}

	boolean enabled() {
		return this.limits.requestsPerMinute() > 0 || this.limits.tokensPerMinute() > 0;
	}

	/**
	 * Admits a chat request or refuses it with 429. Tokens are checked first, so a caller
	 * out of tokens does not also spend a request.
	 */
	Admission admit(@Nullable String caller) {
		Budget budget = budget(caller);
		Map<String, String> headers = new LinkedHashMap<>();
		Window tokens = budget.tokens();
		RateLimitHeaders.put(headers, "tokens", tokens);
		if (tokens != null && tokens.exhausted()) {
			return refuse(headers, "tokens", tokens, caller);
		}
		Window requests = budget.takeRequest();
		RateLimitHeaders.put(headers, "requests", requests);
		if (requests != null && requests.exhausted()) {
			return refuse(headers, "requests", requests, caller);
		}
		return new Admission(headers, null);
	}

	/** Debits the tokens a finished answer used. */
	void debit(@Nullable String caller, long tokens) {
		if (this.limits.tokensPerMinute() > 0) {
			budget(caller).debitTokens(tokens);
		}
	}

	private Budget budget(@Nullable String caller) {
		// Only known names get their own budget, so the map stays as small as the key
		// list.
		String name = (caller != null && this.names.contains(caller)) ? caller : ANONYMOUS;
		return this.budgets.computeIfAbsent(name,
				(key) -> new Budget(this.limits.requestsPerMinute(), this.limits.tokensPerMinute()));
	}

	private static Admission refuse(Map<String, String> headers, String what, Window window, @Nullable String caller) {
		headers.put("Retry-After", RateLimitHeaders.retryAfterSeconds(window.retryNanos()));
		String who = (caller != null) ? " for key '" + caller + "'" : "";
		String message = "Rate limit reached for " + what + " per minute" + who + ": limit " + window.limit()
				+ ". Try again in " + RateLimitHeaders.duration(window.retryNanos()) + ".";
		return new Admission(headers, new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error",
				"rate_limit_exceeded", null, message, headers));
	}

	/**
	 * The outcome of {@link #admit}.
	 *
	 * @param headers the {@code x-ratelimit-*} headers to send either way
	 * @param refusal the 429 to send, or null if the request may go on
	 */
	record Admission(Map<String, String> headers, @Nullable ApiException refusal) {
	}

}
