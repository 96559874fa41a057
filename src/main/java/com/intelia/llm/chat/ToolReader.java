package com.intelia.llm.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.intelia.llm.error.ApiException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Translates {@code tools}, {@code tool_choice} and {@code response_format}. Schemas
 * travel as raw JSON so that nothing in them is rewritten; what LangChain4j cannot carry
 * is rejected.
 */
final class ToolReader {

	/** Top-level keys of a function's parameter schema that LangChain4j carries. */
	private static final Set<String> PARAMETER_KEYS = Set.of("type", "properties", "required", "additionalProperties",
			"$defs", "description");

	private ToolReader() {
	}

	/**
	 * The tools. {@code raw} tools travel to the upstream as written, so only
	 * LangChain4j's own limits on schema keywords are skipped for them.
	 */
	static List<ToolSpecification> tools(@Nullable JsonNode node, boolean raw) {
		List<JsonNode> items = Fields.array(node, "tools");
		List<ToolSpecification> tools = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			tools.add(tool(items.get(i), "tools[" + i + "]", raw));
		}
		return tools;
	}

	private static ToolSpecification tool(JsonNode node, String path, boolean raw) {
		if (!node.isObject()) {
			throw ApiException.invalidParam(path, "'" + path + "' must be an object.");
		}
		String type = Fields.requiredString(node.get("type"), path + ".type");
		if (!"function".equals(type)) {
			throw ApiException.unsupportedParam(path + ".type", "Only 'function' tools are supported.");
		}
		JsonNode function = Fields.object(node.get("function"), path + ".function");
		if (function == null) {
			throw ApiException.invalidParam(path + ".function", "'" + path + ".function' is required.");
		}
		String name = Fields.requiredString(function.get("name"), path + ".function.name");
		if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
			throw ApiException.invalidParam(path + ".function.name",
					"Function names use a-z, A-Z, 0-9, '_' and '-', at most 64 characters.");
		}
		return ToolSpecification.builder()
			.name(name)
			.description(Fields.string(function.get("description"), path + ".function.description"))
			.parameters(parameters(function.get("parameters"), path + ".function.parameters", raw))
			.strict(Fields.bool(function.get("strict"), path + ".function.strict"))
			.build();
	}

	private static @Nullable JsonObjectSchema parameters(@Nullable JsonNode node, String path, boolean raw) {
		JsonNode schema = Fields.object(node, path);
		if (schema == null) {
			return null;
		}
		for (String key : schema.propertyNames()) {
			if (!raw && !PARAMETER_KEYS.contains(key)) {
				throw ApiException.unsupportedParam(path + "." + MessageReader.truncate(key), "Schema keyword '"
						+ MessageReader.truncate(key) + "' at the top of a function's parameters cannot be forwarded;"
						+ " supported there: type, properties, required, additionalProperties, $defs, description.");
			}
		}
		String type = Fields.string(schema.get("type"), path + ".type");
		if (type != null && !"object".equals(type)) {
			throw ApiException.invalidParam(path + ".type", "Function parameters must be an object schema.");
		}
		JsonObjectSchema.Builder builder = JsonObjectSchema.builder()
			.description(Fields.string(schema.get("description"), path + ".description"))
			.addProperties(raw(schema.get("properties"), path + ".properties"))
			.additionalProperties(Fields.bool(schema.get("additionalProperties"), path + ".additionalProperties"));
		List<String> required = new ArrayList<>();
		List<JsonNode> names = Fields.array(schema.get("required"), path + ".required");
		for (int i = 0; i < names.size(); i++) {
			required.add(Fields.requiredString(names.get(i), path + ".required[" + i + "]"));
		}
		builder.required(required);
		Map<String, JsonSchemaElement> defs = raw(schema.get("$defs"), path + ".$defs");
		if (!defs.isEmpty()) {
			builder.definitions(defs);
		}
		return builder.build();
	}

	private static Map<String, JsonSchemaElement> raw(@Nullable JsonNode node, String path) {
		Map<String, JsonSchemaElement> properties = new LinkedHashMap<>();
		JsonNode object = Fields.object(node, path);
		if (object != null) {
			object.properties().forEach((entry) -> properties.put(entry.getKey(), rawSchema(entry.getValue())));
		}
		return properties;
	}

	private static JsonRawSchema rawSchema(JsonNode schema) {
		return JsonRawSchema.from(schema.toString());
	}

	/**
	 * The tool choice, or null for a named function, which travels as a custom parameter.
	 */
	static @Nullable ToolChoice toolChoice(JsonNode node, List<ToolSpecification> tools) {
		if (node.isString()) {
			return switch (node.asString()) {
				case "none" -> ToolChoice.NONE;
				case "auto" -> ToolChoice.AUTO;
				case "required" -> ToolChoice.REQUIRED;
				default -> throw ApiException.invalidParam("tool_choice",
						"'tool_choice' must be none, auto, required or a named function.");
			};
		}
		namedFunction(node, tools);
		return null;
	}

	/** The named function of a {@code tool_choice} object, checked against the tools. */
	static String namedFunction(JsonNode node, List<ToolSpecification> tools) {
		if (!node.isObject() || !"function".equals(Fields.string(node.get("type"), "tool_choice.type"))) {
			throw ApiException.invalidParam("tool_choice",
					"'tool_choice' must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":…}}.");
		}
		JsonNode function = Fields.object(node.get("function"), "tool_choice.function");
		String name = Fields.requiredString((function != null) ? function.get("name") : null,
				"tool_choice.function.name");
		if (tools.stream().noneMatch((tool) -> tool.name().equals(name))) {
			throw ApiException.invalidParam("tool_choice.function.name",
					"'tool_choice' names function '" + MessageReader.truncate(name) + "', which is not in 'tools'.");
		}
		return name;
	}

	/** The response format, and whether its JSON schema is strict. */
	static @Nullable ResponseFormatChoice responseFormat(@Nullable JsonNode node) {
		JsonNode format = Fields.object(node, "response_format");
		if (format == null) {
			return null;
		}
		String type = Fields.requiredString(format.get("type"), "response_format.type");
		return switch (type) {
			case "text" -> new ResponseFormatChoice(ResponseFormat.TEXT, false);
			case "json_object" -> new ResponseFormatChoice(ResponseFormat.JSON, false);
			case "json_schema" -> jsonSchema(format.get("json_schema"));
			default -> throw ApiException.invalidParam("response_format.type",
					"'response_format.type' must be text, json_object or json_schema.");
		};
	}

	private static ResponseFormatChoice jsonSchema(@Nullable JsonNode node) {
		JsonNode spec = Fields.object(node, "response_format.json_schema");
		if (spec == null) {
			throw ApiException.invalidParam("response_format.json_schema",
					"'response_format.json_schema' is required.");
		}
		String name = Fields.requiredString(spec.get("name"), "response_format.json_schema.name");
		if (Fields.present(spec.get("description"))) {
			throw ApiException.unsupportedParam("response_format.json_schema.description",
					"'response_format.json_schema.description' cannot be forwarded; put it in the schema.");
		}
		JsonNode schema = Fields.object(spec.get("schema"), "response_format.json_schema.schema");
		if (schema == null) {
			throw ApiException.invalidParam("response_format.json_schema.schema",
					"'response_format.json_schema.schema' is required.");
		}
		Boolean strict = Fields.bool(spec.get("strict"), "response_format.json_schema.strict");
		JsonSchema jsonSchema = JsonSchema.builder()
			.name(name)
			.rootElement(JsonRawSchema.from(schema.toString()))
			.build();
		ResponseFormat format = ResponseFormat.builder()
			.type(dev.langchain4j.model.chat.request.ResponseFormatType.JSON)
			.jsonSchema(jsonSchema)
			.build();
		return new ResponseFormatChoice(format, Boolean.TRUE.equals(strict));
	}

	/**
	 * A response format and whether its schema is strict.
	 *
	 * @param format the LangChain4j response format
	 * @param strict whether {@code json_schema.strict} is true
	 */
	record ResponseFormatChoice(ResponseFormat format, boolean strict) {
	}

}
