/**
 * Versioned domain system prompts and how they are merged into a request.
 */
@NullMarked
package com.intelia.llm.prompt;

import org.jspecify.annotations.NullMarked;
