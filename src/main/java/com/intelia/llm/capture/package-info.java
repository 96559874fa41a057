/**
 * Fine-tuning data: chat completions captured on request (redacted, written through a
 * bounded queue to SQLite or PostgreSQL, never in a request's way), feedback on them, and
 * their export as training JSONL. The chat path uses {@link Capture} and
 * {@link CapturedCompletion}; everything else here is internal.
 */
@NullMarked
package com.intelia.llm.capture;

import org.jspecify.annotations.NullMarked;
