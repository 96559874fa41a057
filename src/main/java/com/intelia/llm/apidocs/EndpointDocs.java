package com.intelia.llm.apidocs;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Completes what springdoc infers from the annotated controllers: a tag per feature
 * rather than springdoc's class names, the 401 that API keys add everywhere, and the
 * bodies the controllers read or write as free JSON, which springdoc cannot see through.
 */
final class EndpointDocs {

	/** By path prefix; the prompts controller names its own tag. */
	private static final Map<String, String> TAGS = Map.of("/v1/models", "Models", "/v1/feedback", "Feedback",
			"/v1/datasets", "Datasets");

	private EndpointDocs() {
	}

	static void complete(OpenAPI openApi) {
		openApi.getPaths().forEach((path, item) -> item.readOperations().forEach((operation) -> {
			TAGS.forEach((prefix, tag) -> {
				if (path.startsWith(prefix)) {
					operation.setTags(List.of(tag));
				}
			});
			if (!path.equals(ChatOperationDocs.PATH) && (operation.getResponses().get("401") == null)) {
				operation.getResponses().addApiResponse("401", ErrorExamples.ALL.get("401").response());
			}
		}));
		json(operation(openApi, "/v1/feedback", PathItem.HttpMethod.POST).getRequestBody().getContent())
			.setSchema(WireSchemas.ref("FeedbackRequest"));
		json(operation(openApi, "/v1/datasets/captures", PathItem.HttpMethod.DELETE).getResponses()
			.get("200")
			.getContent()).setSchema(erased());
		// The prompts controller reads variables as JSON to refuse a non-string by name.
		property(openApi, "RenderRequest", "variables").setAdditionalProperties(string("A variable's value."));
	}

	private static Schema<?> erased() {
		return new Schema<>().types(Set.of("object"))
			.addProperty("key_name", string("The API key whose captures were erased."))
			.addProperty("deleted", new Schema<>().types(Set.of("integer")).description("How many completions."))
			.required(List.of("key_name", "deleted"));
	}

	private static Schema<?> string(String description) {
		return new Schema<>().types(Set.of("string")).description(description);
	}

	private static Operation operation(OpenAPI openApi, String path, PathItem.HttpMethod method) {
		PathItem item = openApi.getPaths().get(path);
		Operation operation = (item != null) ? item.readOperationsMap().get(method) : null;
		if (operation == null) {
			throw new IllegalStateException("No " + method + " " + path + " to document");
		}
		return operation;
	}

	private static MediaType json(io.swagger.v3.oas.models.media.Content content) {
		MediaType json = content.get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
		if (json == null) {
			throw new IllegalStateException("No application/json content among " + content.keySet());
		}
		return json;
	}

	@SuppressWarnings("rawtypes")
	private static Schema property(OpenAPI openApi, String schema, String property) {
		Schema owner = openApi.getComponents().getSchemas().get(schema);
		Schema found = (owner != null && owner.getProperties() != null) ? (Schema) owner.getProperties().get(property)
				: null;
		if (found == null) {
			throw new IllegalStateException("No property " + property + " in " + schema);
		}
		return found;
	}

}
