/**
 * The one place failures become OpenAI error envelopes.
 */
@NullMarked
package com.intelia.llm.error;

import org.jspecify.annotations.NullMarked;
