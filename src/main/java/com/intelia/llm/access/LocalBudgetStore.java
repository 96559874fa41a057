package com.intelia.llm.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Budgets in this replica's memory, the default without {@code REDIS_URL}. Behind a load
 * balancer each replica then grants the whole budget on its own, so N replicas let N
 * times the limit through.
 */
final class LocalBudgetStore implements BudgetStore {

	private final AccessProperties.RateLimit limits;

	private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

	LocalBudgetStore(AccessProperties.RateLimit limits) {
		this.limits = limits;
	}

	@Override
	public <T> T decide(String name, Function<Budget, T> decision, T withoutBudget) {
		return decision.apply(budget(name));
	}

	@Override
	public void debit(String name, long tokens) {
		budget(name).debitTokens(tokens);
	}

	private Budget budget(String name) {
		return this.budgets.computeIfAbsent(name,
				(key) -> Budget.inMemory(this.limits.requestsPerMinute(), this.limits.tokensPerMinute()));
	}

}
