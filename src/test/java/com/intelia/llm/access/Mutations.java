package com.intelia.llm.access;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.intelia.llm.support.GatewayClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates hostile variants of valid chat requests from a seed: the same seed gives the
 * same cases, so a failing case can be replayed by its number.
 */
final class Mutations {

	/** One generated request. */
	record Case(int number, String kind, byte[] body) {

		String preview() {
			String text = new String(this.body, 0, Math.min(this.body.length, 300), StandardCharsets.UTF_8);
			return "#" + this.number + " " + this.kind + " (" + this.body.length + " bytes): " + text;
		}

	}

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final String[] VALID = {
			"""
					{"model":"intelia-llama-3.1-8b-aviculture","messages":[{"role":"user","content":"Hello"}],"max_tokens":4}""",
			"""
					{"model":"intelia-llama-3.1-8b-aviculture","stream":true,"stream_options":{"include_usage":true},
					 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Broiler water?"}],
					 "max_tokens":5,"temperature":0.2,"top_p":0.9,"seed":7,"stop":["\\n"],"n":1,"user":"u1"}""", """
					{"model":"intelia-llama-3.1-8b-aviculture","stream":false,"max_tokens":5,
					 "messages":[{"role":"user","content":[{"type":"text","text":"Quelle température ?"}]},
					   {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
					     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
					   {"role":"tool","tool_call_id":"c1","content":"12 C"}],
					 "tools":[{"type":"function","function":{"name":"get_weather","description":"d",
					   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
					 "tool_choice":"auto","response_format":{"type":"text"}}""" };

	private final Random random;

	private final List<JsonNode> templates = new ArrayList<>();

	Mutations(long seed) {
		this.random = new Random(seed);
		for (String json : VALID) {
			this.templates.add(GatewayClient.JSON.readTree(json));
		}
	}

	Case next(int number) {
		JsonNode base = this.templates.get(this.random.nextInt(this.templates.size())).deepCopy();
		return switch (this.random.nextInt(12)) {
			case 0 -> structural(number, "replace-value", base, this::hostileValue);
			case 1 -> structural(number, "remove-field", base, null);
			case 2 -> json(number, "unknown-field", addField(base));
			case 3 -> json(number, "unknown-role", withMessage(base, "role",
					pick("robot", "", "SYSTEM", "developer", "function", "tool", "assistant ", "\u0000")));
			case 4 -> json(number, "unknown-content-part", withContentPart(base));
			case 5 -> deep(number, base);
			case 6 -> truncated(number, base);
			case 7 -> invalidUtf8(number, base);
			case 8 -> flipped(number, base);
			case 9 -> json(number, "swap-stream", withStream(base));
			case 10 -> structural(number, "huge-number", base, this::hugeNumber);
			default -> json(number, "valid", base);
		};
	}

	/** A valid request carrying a string of the given size in the user's message. */
	static Case bigString(int number, int chars) {
		String text = "a".repeat(chars);
		String body = """
				{"model":"intelia-llama-3.1-8b-aviculture","max_tokens":3,"messages":[{"role":"user","content":"%s"}]}"""
			.formatted(text);
		return new Case(number, "big-string-" + chars, body.getBytes(StandardCharsets.UTF_8));
	}

	private Case json(int number, String kind, JsonNode node) {
		return new Case(number, kind, GatewayClient.JSON.writeValueAsBytes(node));
	}

	private Case structural(int number, String kind, JsonNode base, java.util.function.Supplier<JsonNode> value) {
		List<ContainerSlot> slots = new ArrayList<>();
		collect(base, slots);
		ContainerSlot slot = slots.get(this.random.nextInt(slots.size()));
		if (value == null) {
			slot.remove();
		}
		else {
			slot.set(value.get());
		}
		return json(number, kind + ":" + slot.path(), base);
	}

	private JsonNode hostileValue() {
		return switch (this.random.nextInt(15)) {
			case 0 -> NODES.nullNode();
			case 13 -> NODES.stringNode(" \t\n ");
			case 1 -> NODES.booleanNode(this.random.nextBoolean());
			case 2 -> NODES.numberNode(-1);
			case 3 -> NODES.numberNode(Long.MAX_VALUE);
			case 4 -> NODES.numberNode(this.random.nextDouble() * 1e300);
			case 5 -> NODES.stringNode("");
			case 6 -> NODES.stringNode("x".repeat(this.random.nextInt(5000)));
			case 7 -> NODES.arrayNode();
			case 8 -> NODES.objectNode();
			case 9 -> NODES.arrayNode().add(NODES.nullNode()).add(1).add("a");
			case 10 -> NODES.numberNode(new java.math.BigInteger("9".repeat(1 + this.random.nextInt(900))));
			case 11 -> NODES.numberNode(-0.0);
			case 12 -> NODES.stringNode("\u0000\uFFFF\uD83D\uDE00\u202E");
			default -> NODES.numberNode(Integer.MIN_VALUE);
		};
	}

	private JsonNode hugeNumber() {
		return NODES.numberNode(new java.math.BigDecimal("1e" + (300 + this.random.nextInt(100000))));
	}

	private JsonNode addField(JsonNode base) {
		((ObjectNode) base).set(pick("frequency_penalty", "logprobs", "x_unknown", "functions", "max_completion_tokens",
				"prompt", "metadata", "store", "modalities", "n"), hostileValue());
		return base;
	}

	private JsonNode withMessage(JsonNode base, String field, String value) {
		ArrayNode messages = (ArrayNode) base.get("messages");
		((ObjectNode) messages.get(this.random.nextInt(messages.size()))).put(field, value);
		return base;
	}

	private JsonNode withContentPart(JsonNode base) {
		ObjectNode part = NODES.objectNode();
		part.put("type", pick("image_url", "input_audio", "file", "video", "text", "refusal", "", "image"));
		if (this.random.nextBoolean()) {
			part.set(pick("image_url", "text", "input_audio", "file"), hostileValue());
		}
		ObjectNode message = NODES.objectNode().put("role", pick("user", "system", "assistant", "tool"));
		message.set("content", NODES.arrayNode().add(part));
		((ArrayNode) base.get("messages")).add(message);
		return base;
	}

	/** Written as text: the test's own mapper would refuse to write this deep. */
	private Case deep(int number, JsonNode base) {
		int depth = pickInt(5, 40, 63, 64, 65, 200, 5000, 100000);
		boolean arrays = this.random.nextBoolean();
		String open = arrays ? "[" : "{\"a\":";
		String close = arrays ? "]" : "}";
		String value = open.repeat(depth) + "1" + close.repeat(depth);
		String body = "{\"" + pick("messages", "tools", "metadata", "response_format", "x") + "\":" + value + ","
				+ GatewayClient.JSON.writeValueAsString(base).substring(1);
		return new Case(number, "deep-nesting-" + depth, body.getBytes(StandardCharsets.UTF_8));
	}

	private JsonNode withStream(JsonNode base) {
		((ObjectNode) base).set("stream", pick(NODES.booleanNode(true), NODES.stringNode("true"), NODES.numberNode(1),
				NODES.nullNode(), NODES.objectNode()));
		if (this.random.nextBoolean()) {
			((ObjectNode) base).set("stream_options", hostileValue());
		}
		return base;
	}

	private Case truncated(int number, JsonNode base) {
		byte[] bytes = GatewayClient.JSON.writeValueAsBytes(base);
		return new Case(number, "truncated", Arrays.copyOf(bytes, this.random.nextInt(bytes.length)));
	}

	private Case invalidUtf8(int number, JsonNode base) {
		byte[] bytes = GatewayClient.JSON.writeValueAsBytes(base);
		byte[][] bad = { { (byte) 0xC3 }, { (byte) 0xFF }, { (byte) 0xC0, (byte) 0xAF },
				{ (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
				{ (byte) 0x80 } };
		byte[] insert = bad[this.random.nextInt(bad.length)];
		int at = indexInString(bytes);
		byte[] out = new byte[bytes.length + insert.length];
		System.arraycopy(bytes, 0, out, 0, at);
		System.arraycopy(insert, 0, out, at, insert.length);
		System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
		return new Case(number, "invalid-utf8", out);
	}

	private Case flipped(int number, JsonNode base) {
		byte[] bytes = GatewayClient.JSON.writeValueAsBytes(base);
		for (int i = 0, n = 1 + this.random.nextInt(4); i < n; i++) {
			bytes[this.random.nextInt(bytes.length)] = (byte) this.random.nextInt(256);
		}
		return new Case(number, "byte-flip", bytes);
	}

	/** A position just after an opening quote of some string value. */
	private int indexInString(byte[] bytes) {
		List<Integer> quotes = new ArrayList<>();
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == '"') {
				quotes.add(i + 1);
			}
		}
		return quotes.get(this.random.nextInt(quotes.size()));
	}

	private void collect(JsonNode node, List<ContainerSlot> slots) {
		if (node instanceof ObjectNode object) {
			for (String name : new ArrayList<>(object.propertyNames())) {
				slots.add(new ContainerSlot(object, name, -1));
				collect(object.get(name), slots);
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				slots.add(new ContainerSlot(array, null, i));
				collect(array.get(i), slots);
			}
		}
	}

	@SafeVarargs
	private <T> T pick(T... options) {
		return options[this.random.nextInt(options.length)];
	}

	private int pickInt(int... options) {
		return options[this.random.nextInt(options.length)];
	}

	/** A place in a JSON tree that can be replaced or removed. */
	private record ContainerSlot(JsonNode container, String name, int index) {

		void set(JsonNode value) {
			if (this.container instanceof ObjectNode object) {
				object.set(this.name, value);
			}
			else {
				((ArrayNode) this.container).set(this.index, value);
			}
		}

		void remove() {
			if (this.container instanceof ObjectNode object) {
				object.remove(this.name);
			}
			else {
				((ArrayNode) this.container).remove(this.index);
			}
		}

		String path() {
			return (this.name != null) ? this.name : "[" + this.index + "]";
		}

	}

}
