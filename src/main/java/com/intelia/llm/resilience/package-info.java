/**
 * Upstreams that fail well: retries before the first byte, a circuit breaker per
 * provider, fallback and canary routing.
 */
@NullMarked
package com.intelia.llm.resilience;

import org.jspecify.annotations.NullMarked;
