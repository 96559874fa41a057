package com.intelia.llm.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validates JSON against the official OpenAI schemas kept in
 * {@code src/test/resources/openai/} (see the README there for their origin).
 */
public final class OpenAiSchemas {

	public static final String RESPONSE = "CreateChatCompletionResponse";

	public static final String CHUNK = "CreateChatCompletionStreamResponse";

	public static final String ERROR = "ErrorResponse";

	public static final String MODEL = "Model";

	public static final String MODEL_LIST = "ListModelsResponse";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ObjectNode DOCUMENT = load();

	private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

	private OpenAiSchemas() {
	}

	/** Asserts that {@code json} is a valid instance of the named schema. */
	public static void assertValid(String schemaName, String json) {
		List<Error> errors = validate(schemaName, json);
		assertThat(errors).as("%s must validate against OpenAI's %s schema", json, schemaName).isEmpty();
	}

	/** The validation errors of {@code json} against the named schema. */
	public static List<Error> validate(String schemaName, String json) {
		Schema schema = SCHEMAS.computeIfAbsent(schemaName, OpenAiSchemas::compile);
		return schema.validate(JSON.readTree(json));
	}

	private static Schema compile(String name) {
		ObjectNode root = DOCUMENT.deepCopy();
		root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
		root.put("$ref", "#/components/schemas/" + name);
		return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root);
	}

	private static ObjectNode load() {
		try (InputStream in = OpenAiSchemas.class.getResourceAsStream("/openai/openai-chat-schemas.json")) {
			ObjectNode document = (ObjectNode) JSON.readTree(in);
			document.remove("source");
			readNullable(document);
			return document;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** OpenAPI 3.0's {@code nullable: true} means the value may also be null. */
	private static void readNullable(JsonNode node) {
		if (node instanceof ObjectNode object) {
			JsonNode nullable = object.get("nullable");
			JsonNode type = object.get("type");
			if (nullable != null && nullable.asBoolean() && type != null && type.isString()) {
				String single = type.asString();
				ArrayNode types = object.putArray("type");
				types.add(single);
				types.add("null");
				if (object.get("enum") instanceof ArrayNode values) {
					values.addNull();
				}
			}
			object.values().forEach(OpenAiSchemas::readNullable);
		}
		else if (node instanceof ArrayNode array) {
			array.values().forEach(OpenAiSchemas::readNullable);
		}
	}

}
