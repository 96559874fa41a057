/**
 * The smoke check: {@code java -jar intelia-llm.jar check} (or
 * {@code scripts/test_llm_access.sh}) checks the configured provider's credentials, model
 * access and one tiny completion, blocking and streaming, without starting the web
 * server, and exits non-zero on failure. Successor of the original
 * {@code scripts/test_llm_access.py}.
 */
@NullMarked
package com.intelia.llm.check;

import org.jspecify.annotations.NullMarked;
