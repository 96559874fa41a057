/**
 * The in-process simulator provider: deterministic poultry answers with no network or
 * key.
 */
@NullMarked
package com.intelia.llm.provider.simulator;

import org.jspecify.annotations.NullMarked;
