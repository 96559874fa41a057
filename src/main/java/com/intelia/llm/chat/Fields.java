package com.intelia.llm.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.intelia.llm.error.ApiException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Typed reads of request JSON, each failure a 400 naming the parameter's path. Reading
 * the tree by hand, rather than binding it, is what lets every error say exactly which
 * field was wrong and lets unknown fields be inspected instead of dropped.
 */
final class Fields {

	private Fields() {
	}

	static boolean present(@Nullable JsonNode node) {
		return node != null && !node.isNull() && !node.isMissingNode();
	}

	static @Nullable String string(@Nullable JsonNode node, String param) {
		if (!present(node)) {
			return null;
		}
		if (!node.isString()) {
			throw ApiException.invalidParam(param, "'" + param + "' must be a string.");
		}
		return node.asString();
	}

	static String requiredString(@Nullable JsonNode node, String param) {
		String value = string(node, param);
		if (value == null) {
			throw ApiException.invalidParam(param, "'" + param + "' is required.");
		}
		return value;
	}

	static @Nullable Boolean bool(@Nullable JsonNode node, String param) {
		if (!present(node)) {
			return null;
		}
		if (!node.isBoolean()) {
			throw ApiException.invalidParam(param, "'" + param + "' must be a boolean.");
		}
		return node.asBoolean();
	}

	static @Nullable Double number(@Nullable JsonNode node, String param, double min, double max) {
		if (!present(node)) {
			return null;
		}
		if (!node.isNumber()) {
			throw ApiException.invalidParam(param, "'" + param + "' must be a number.");
		}
		double value = toDouble(node);
		if (!(value >= min && value <= max)) {
			throw ApiException.invalidParam(param,
					"'" + param + "' must be between " + fmt(min) + " and " + fmt(max) + "; got " + node + ".");
		}
		return value;
	}

	static @Nullable Integer integer(@Nullable JsonNode node, String param, long min, long max) {
		if (!present(node)) {
			return null;
		}
		if (!node.isIntegralNumber() && !(node.isNumber() && toDouble(node) == Math.rint(toDouble(node)))) {
			throw ApiException.invalidParam(param, "'" + param + "' must be an integer.");
		}
		if (!node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
			throw ApiException.invalidParam(param,
					"'" + param + "' must be between " + min + " and " + max + "; got " + node + ".");
		}
		return (int) node.asLong();
	}

	static @Nullable JsonNode object(@Nullable JsonNode node, String param) {
		if (!present(node)) {
			return null;
		}
		if (!node.isObject()) {
			throw ApiException.invalidParam(param, "'" + param + "' must be an object.");
		}
		return node;
	}

	static List<JsonNode> array(@Nullable JsonNode node, String param) {
		if (!present(node)) {
			return List.of();
		}
		if (!node.isArray()) {
			throw ApiException.invalidParam(param, "'" + param + "' must be an array.");
		}
		List<JsonNode> items = new ArrayList<>(node.size());
		node.values().forEach(items::add);
		return items;
	}

	/** Converts a JSON value to plain Java (maps, lists, strings, numbers, booleans). */
	static @Nullable Object plain(JsonNode node) {
		if (node.isObject()) {
			Map<String, @Nullable Object> map = new LinkedHashMap<>();
			node.properties().forEach((entry) -> map.put(entry.getKey(), plain(entry.getValue())));
			return map;
		}
		if (node.isArray()) {
			List<@Nullable Object> list = new ArrayList<>(node.size());
			node.values().forEach((item) -> list.add(plain(item)));
			return list;
		}
		if (node.isNull()) {
			return null;
		}
		if (node.isNumber()) {
			return node.numberValue();
		}
		if (node.isBoolean()) {
			return node.asBoolean();
		}
		return node.asString();
	}

	/**
	 * The number as a double; one beyond a double's range reads as NaN, which fails every
	 * range check, rather than throwing.
	 */
	private static double toDouble(JsonNode node) {
		try {
			return node.asDouble();
		}
		catch (RuntimeException outOfRange) {
			return Double.NaN;
		}
	}

	private static String fmt(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.valueOf(value);
	}

}
