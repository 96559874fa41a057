/**
 * Who may call and how much: API keys, per-key request and token budgets, the global cap
 * on answers in flight, limits on hostile JSON, and the drain before a graceful shutdown.
 */
@NullMarked
package com.intelia.llm.access;

import org.jspecify.annotations.NullMarked;
