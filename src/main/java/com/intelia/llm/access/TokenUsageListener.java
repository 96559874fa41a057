package com.intelia.llm.access;

import com.intelia.llm.exchange.Exchange;
import com.intelia.llm.exchange.ExchangeListener;
import org.springframework.stereotype.Component;

/**
 * Debits each finished answer's actual token usage from its caller's budget. Usage is
 * known only at the end, so a request is admitted on what is left and may take the budget
 * into debt.
 */
@Component
class TokenUsageListener implements ExchangeListener {

	private final CallerBudgets budgets;

	TokenUsageListener(CallerBudgets budgets) {
		this.budgets = budgets;
	}

	@Override
	public void onExchange(Exchange exchange) {
		if (exchange.tokens() != null) {
			this.budgets.debit(exchange.caller(), exchange.tokens().total());
		}
	}

}
