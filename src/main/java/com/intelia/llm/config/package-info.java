/**
 * Gateway-wide configuration.
 */
@NullMarked
package com.intelia.llm.config;

import org.jspecify.annotations.NullMarked;
