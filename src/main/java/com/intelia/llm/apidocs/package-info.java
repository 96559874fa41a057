/**
 * The API's documentation: the OpenAPI document at {@code /openapi.json} and Swagger UI
 * at {@code /docs}.
 */
@NullMarked
package com.intelia.llm.apidocs;

import org.jspecify.annotations.NullMarked;
