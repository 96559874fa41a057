package com.intelia.llm.access;

import java.util.function.Function;

/**
 * Where the callers' budgets are kept: this replica's memory ({@link LocalBudgetStore}),
 * or Redis, shared by every replica ({@link RedisBudgetStore}).
 */
interface BudgetStore {

	/**
	 * Applies a decision to a caller's budget.
	 * @param name the budget's name: a key name, or {@link CallerBudgets#ANONYMOUS}
	 * @param decision what to do with the budget
	 * @param withoutBudget the outcome when the store cannot be used: the request is
	 * served without its budget rather than refused (fail open)
	 * @param <T> the outcome
	 * @return the decision's outcome, or {@code withoutBudget}
	 */
	<T> T decide(String name, Function<Budget, T> decision, T withoutBudget);

	/**
	 * Debits the tokens a finished answer used, even past zero. A remote store does it in
	 * the background: the answer is already sent, nothing waits for it.
	 * @param name the budget's name
	 * @param tokens the tokens used
	 */
	void debit(String name, long tokens);

}
