package com.intelia.llm.access;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.intelia.llm.access.Budget.Window;
import com.intelia.llm.error.ApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The budgets of every caller, one per key name. With keys off, all callers share one
 * {@value #ANONYMOUS} budget: the service then trusts its network, and a per-address
 * budget would be both unbounded in memory and defeated by a proxy or NAT in front. The
 * budgets live in this replica's memory, or in Redis when {@code REDIS_URL} is set, so
 * that every replica draws on the same ones.
 */
@Component
class CallerBudgets {

	static final String ANONYMOUS = "anonymous";

	/** What a request gets when the budget store cannot be used: served, no headers. */
	private static final Admission SERVED_WITHOUT_BUDGET = new Admission(Map.of(), null);

	private final AccessProperties.RateLimit limits;

	private final Set<String> names;

	private final BudgetStore store;

	/** Budgets in memory. */
	CallerBudgets(AccessProperties properties, ApiKeys keys) {
		this(properties, keys, new LocalBudgetStore(properties.rateLimit()));
	}

	/** Budgets in Redis when it is configured ({@link SharedBudgetsConfiguration}). */
	@Autowired
	CallerBudgets(AccessProperties properties, ApiKeys keys, ObjectProvider<RedisBudgetStore> shared) {
		this(properties, keys, storeOf(shared.getIfAvailable(), properties));
	}

	CallerBudgets(AccessProperties properties, ApiKeys keys, BudgetStore store) {
		this.limits = properties.rateLimit();
		this.names = new HashSet<>(keys.names());
		this.store = store;
	}

	private static BudgetStore storeOf(@Nullable RedisBudgetStore shared, AccessProperties properties) {
		return (shared != null) ? shared : new LocalBudgetStore(properties.rateLimit());
	}

	boolean enabled() {
		return this.limits.requestsPerMinute() > 0 || this.limits.tokensPerMinute() > 0;
	}

	/**
	 * Admits a chat request or refuses it with 429. Tokens are checked first, so a caller
	 * out of tokens does not also spend a request. If the shared store cannot be used the
	 * request is admitted without headers (fail open, see {@link RedisBudgetStore}).
	 */
	Admission admit(@Nullable String caller) {
		return this.store.decide(name(caller), (budget) -> admit(budget, caller), SERVED_WITHOUT_BUDGET);
	}

	/** Debits the tokens a finished answer used. */
	void debit(@Nullable String caller, long tokens) {
		if (this.limits.tokensPerMinute() > 0) {
			this.store.debit(name(caller), tokens);
		}
	}

	private static Admission admit(Budget budget, @Nullable String caller) {
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

	private String name(@Nullable String caller) {
		// Only known names get their own budget, so the budgets stay as few as the keys.
		return (caller != null && this.names.contains(caller)) ? caller : ANONYMOUS;
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
