package com.intelia.llm.apidocs;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Where a documented schema and its record disagree. The record's side is what the
 * application's own {@link JsonMapper} writes, not what its annotations promise: a sample
 * with every component set gives the properties and their JSON types, a sample with every
 * {@code @Nullable} component null gives the properties always written (so required) and
 * those written as null. Nested records are compared with the schemas their properties
 * point to, down to the leaves.
 */
final class WireDrift {

	private final JsonMapper json;

	private final JsonNode document;

	private final Set<String> visited = new TreeSet<>();

	private final List<String> problems = new ArrayList<>();

	/**
	 * @param json the application's mapper
	 * @param document the OpenAPI document, for {@code $ref}s
	 */
	WireDrift(JsonMapper json, JsonNode document) {
		this.json = json;
		this.document = document;
	}

	/**
	 * Compares a record with the schema that documents it; returns this, for chaining.
	 */
	WireDrift compare(Class<?> record, JsonNode schema) {
		compare(record, schema, record.getSimpleName());
		return this;
	}

	/** Every disagreement found so far, each naming where it is. */
	List<String> problems() {
		return this.problems;
	}

	JsonNode document() {
		return this.document;
	}

	/** The component schemas the comparisons went through. */
	Set<String> visited() {
		return this.visited;
	}

	private void compare(Class<?> record, JsonNode documented, String at) {
		JsonNode schema = resolve(documented);
		JsonNode full = this.json.valueToTree(sample(record, false));
		JsonNode sparse = this.json.valueToTree(sample(record, true));
		same(at + " properties", names(schema.path("properties")), names(full));
		same(at + " required", strings(schema.path("required")), names(sparse));
		for (RecordComponent component : record.getRecordComponents()) {
			String name = RecordNullness.jsonName(component);
			JsonNode property = schema.path("properties").path(name);
			if (property.isMissingNode() || !full.has(name) || component.getType() == Object.class) {
				continue;
			}
			String where = at + "." + name;
			Set<String> types = types(property);
			if (!admits(types, full.get(name))) {
				this.problems.add(where + ": documented as " + types + ", written as " + full.get(name).getNodeType());
			}
			boolean writesNull = sparse.has(name) && sparse.get(name).isNull();
			if (writesNull != types.contains("null")) {
				this.problems
					.add(where + ": written as null " + writesNull + ", documented as null " + types.contains("null"));
			}
			nested(component.getGenericType(), property, where);
		}
	}

	private void nested(Type type, JsonNode property, String at) {
		Class<?> raw = raw(type);
		if (raw.isRecord()) {
			compare(raw, property, at);
		}
		else if (raw == List.class && raw(argument(type, 0)).isRecord()) {
			compare(raw(argument(type, 0)), resolve(property).path("items"), at + "[]");
		}
	}

	private void same(String at, Set<String> documented, Set<String> written) {
		if (!documented.equals(written)) {
			this.problems.add(at + ": documented " + documented + ", written " + written);
		}
	}

	private JsonNode resolve(JsonNode schema) {
		String ref = schema.path("$ref").asString("");
		if (ref.isEmpty()) {
			return schema;
		}
		this.visited.add(ref.substring(ref.lastIndexOf('/') + 1));
		JsonNode target = this.document.at(ref.substring(1));
		if (target.isMissingNode()) {
			this.problems.add("unresolved " + ref);
		}
		return target;
	}

	/**
	 * The JSON types a property's schema admits: its own, its target's, or its variants'.
	 */
	private Set<String> types(JsonNode property) {
		Set<String> types = new LinkedHashSet<>();
		Iterable<JsonNode> variants = property.path("anyOf").isArray() ? property.path("anyOf") : List.of(property);
		for (JsonNode variant : variants) {
			JsonNode schema = resolve(variant);
			JsonNode type = schema.path("type");
			if (type.isArray()) {
				type.forEach((each) -> types.add(each.asString()));
			}
			else if (type.isString()) {
				types.add(type.asString());
			}
		}
		return types;
	}

	private static boolean admits(Set<String> types, JsonNode value) {
		String type = switch (value.getNodeType()) {
			case STRING -> "string";
			case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
			case BOOLEAN -> "boolean";
			case ARRAY -> "array";
			case OBJECT -> "object";
			default -> "null";
		};
		return types.contains(type) || ("integer".equals(type) && types.contains("number"));
	}

	private static Set<String> names(JsonNode object) {
		return new TreeSet<>(object.propertyNames());
	}

	private static Set<String> strings(JsonNode array) {
		Set<String> strings = new TreeSet<>();
		array.forEach((each) -> strings.add(each.asString()));
		return strings;
	}

	/**
	 * A value of the type; for a record, {@code @Nullable} components null when sparse.
	 */
	static @Nullable Object sample(Type type, boolean sparse) {
		Class<?> raw = raw(type);
		if (raw.isRecord()) {
			return record(raw, sparse);
		}
		Object value = Map
			.of(String.class, "text", Object.class, "any", Boolean.class, true, boolean.class, true, Double.class, 0.5,
					double.class, 0.5, Integer.class, 1, int.class, 1, Long.class, 1L, long.class, 1L)
			.get(raw);
		if (value != null) {
			return value;
		}
		if (raw == List.class) {
			return List.of(sample(argument(type, 0), false));
		}
		if (raw == Map.class) {
			return Map.of("key", sample(argument(type, 1), false));
		}
		if (JsonNode.class.isAssignableFrom(raw)) {
			return JsonNodeFactory.instance.stringNode("text");
		}
		throw new IllegalArgumentException("No sample of " + type + ": teach WireDrift.sample this type");
	}

	private static Object record(Class<?> record, boolean sparse) {
		RecordComponent[] components = record.getRecordComponents();
		Object[] values = new Object[components.length];
		Class<?>[] types = new Class<?>[components.length];
		for (int i = 0; i < components.length; i++) {
			boolean nullable = components[i].getAnnotatedType().isAnnotationPresent(Nullable.class);
			values[i] = (sparse && nullable) ? null : sample(components[i].getGenericType(), false);
			types[i] = components[i].getType();
		}
		try {
			Constructor<?> canonical = record.getDeclaredConstructor(types);
			canonical.setAccessible(true);
			return canonical.newInstance(values);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot build a sample " + record.getName(), ex);
		}
	}

	private static Class<?> raw(Type type) {
		return (type instanceof ParameterizedType parameterized) ? (Class<?>) parameterized.getRawType()
				: (Class<?>) type;
	}

	private static Type argument(Type type, int index) {
		return ((ParameterizedType) type).getActualTypeArguments()[index];
	}

}
