/**
 * Servlet-level concerns shared by every endpoint: request ids, body limits, error pages
 * and whether a waiting request's client is still connected.
 */
@NullMarked
package com.intelia.llm.web;

import org.jspecify.annotations.NullMarked;
