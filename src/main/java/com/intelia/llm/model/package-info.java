/**
 * Public model aliases and the {@code /v1/models} endpoints.
 */
@NullMarked
package com.intelia.llm.model;

import org.jspecify.annotations.NullMarked;
