/**
 * The API's documentation: the OpenAPI document at {@code /openapi.json} and Swagger UI
 * at {@code /docs}. Schemas of what the service writes are generated from the wire
 * records; only what a record cannot say is written here: the request bodies the
 * endpoints read as free JSON, examples, descriptions and the values OpenAI fixes.
 */
@NullMarked
package com.intelia.llm.apidocs;

import org.jspecify.annotations.NullMarked;
