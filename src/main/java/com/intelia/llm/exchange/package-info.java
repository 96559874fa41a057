/**
 * What one chat request did: the record the outermost layer opens for each request, the
 * layers fill in, and that is published exactly once to the listeners (metrics, access
 * log, token budgets) before the response completes.
 */
@NullMarked
package com.intelia.llm.exchange;

import org.jspecify.annotations.NullMarked;
