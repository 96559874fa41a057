package com.intelia.llm.apidocs;

import java.util.Map;

import io.swagger.v3.core.filter.SpecFilter;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Removes the schemas no operation uses, with swagger-core's own reference walk.
 * springdoc runs it before the customizers; it runs again after them for what the
 * documentation replaced (the feedback body springdoc took for a {@code JsonNode} bean,
 * say).
 */
final class UnusedSchemas extends SpecFilter {

	/**
	 * Removes what no operation uses, but keeps the documentation's own schemas: a stream
	 * is text to OpenAPI, so no operation refers to the chunk schema.
	 */
	@SuppressWarnings("rawtypes")
	void removeFrom(OpenAPI openApi, Map<String, ? extends Schema> kept) {
		removeBrokenReferenceDefinitions(openApi);
		kept.forEach(openApi.getComponents()::addSchemas);
	}

}
