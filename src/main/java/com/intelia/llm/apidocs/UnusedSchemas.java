package com.intelia.llm.apidocs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Removes the schemas springdoc inferred from the chat controller's signature (its
 * free-JSON body, the record's nested types) once the documented operation replaces them,
 * so readers see only schemas an operation uses.
 */
final class UnusedSchemas {

	private static final Pattern REF = Pattern.compile("#/components/schemas/([A-Za-z0-9._-]+)");

	private UnusedSchemas() {
	}

	@SuppressWarnings("rawtypes")
	static void remove(OpenAPI openApi, Set<String> keep) {
		Map<String, Schema> schemas = openApi.getComponents().getSchemas();
		Set<String> used = new HashSet<>(keep);
		Deque<String> toScan = new ArrayDeque<>();
		toScan.push(json(openApi.getPaths()));
		keep.forEach((name) -> toScan.push(json(schemas.get(name))));
		while (!toScan.isEmpty()) {
			Matcher ref = REF.matcher(toScan.pop());
			while (ref.find()) {
				String name = ref.group(1);
				if (used.add(name) && schemas.containsKey(name)) {
					toScan.push(json(schemas.get(name)));
				}
			}
		}
		schemas.keySet().retainAll(used);
	}

	private static String json(Object value) {
		try {
			return Json31.mapper().writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write the OpenAPI document", ex);
		}
	}

}
