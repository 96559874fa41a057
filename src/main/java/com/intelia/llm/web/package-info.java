/**
 * Servlet-level concerns shared by every endpoint: request ids and body limits.
 */
@NullMarked
package com.intelia.llm.web;

import org.jspecify.annotations.NullMarked;
