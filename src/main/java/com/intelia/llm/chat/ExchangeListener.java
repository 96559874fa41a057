package com.intelia.llm.chat;

/**
 * Told of every chat exchange once it ends. Implementations must be quick and must not
 * throw.
 */
public interface ExchangeListener {

	void onExchange(Exchange exchange);

}
