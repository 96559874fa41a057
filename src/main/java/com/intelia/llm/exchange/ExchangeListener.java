package com.intelia.llm.exchange;

/**
 * Told of every chat exchange once, just before its response completes. Implementations
 * must be quick and must not throw.
 */
public interface ExchangeListener {

	void onExchange(Exchange exchange);

}
