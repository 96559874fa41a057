/**
 * What operators watch: health probes that cover the upstream, Prometheus metrics at
 * {@code /metrics} and one access-log line per chat request. Everything here listens to
 * the chat feature through {@link com.intelia.llm.exchange.ExchangeListener}; only
 * {@code ExchangeFilter}, which opens each chat request's record, sits on the answer's
 * path.
 */
@NullMarked
package com.intelia.llm.observability;

import org.jspecify.annotations.NullMarked;
