/**
 * The prompt evaluation runner: {@code EvalCommand} sends every case of an evaluation set
 * ({@code prompts/<id>/eval.jsonl}) through a running gateway, pinned to one prompt
 * version, scores the answers and writes a report per version. On the simulator it checks
 * the mechanics only; against a real model it is how a new version is compared with the
 * last before it becomes the default.
 */
@NullMarked
package com.intelia.llm.eval;

import org.jspecify.annotations.NullMarked;
