/**
 * Upstream providers behind one interface, chosen by {@code LLM_PROVIDER}. Adding a
 * provider is one {@link com.intelia.llm.provider.ProviderFactory} bean.
 */
@NullMarked
package com.intelia.llm.provider;

import org.jspecify.annotations.NullMarked;
