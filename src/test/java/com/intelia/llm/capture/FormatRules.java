package com.intelia.llm.capture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The rules every exported line must follow, written apart from the exporter so the tests
 * do not grade the code with itself: the line has exactly its format's fields; a
 * conversation starts with system or user, alternates, ends with the assistant; tool
 * calls are well formed and each is answered by a tool message naming it.
 */
final class FormatRules {

	private FormatRules() {
	}

	/** The rules the line breaks; empty when it is valid. */
	static List<String> violations(String format, JsonNode line) {
		List<String> problems = new ArrayList<>();
		switch (format) {
			case "openai-sft" -> {
				fields(line, problems, "messages");
				conversation(messages(line.get("messages")), problems);
			}
			case "trl-kto" -> {
				fields(line, problems, "prompt", "completion", "label");
				if (!line.path("label").isBoolean()) {
					problems.add("label is not a boolean");
				}
				pair(line.get("prompt"), line.get("completion"), problems);
			}
			case "trl-dpo" -> {
				fields(line, problems, "prompt", "chosen", "rejected");
				pair(line.get("prompt"), line.get("chosen"), problems);
				pair(line.get("prompt"), line.get("rejected"), problems);
			}
			default -> problems.add("unknown format " + format);
		}
		return problems;
	}

	private static void fields(JsonNode line, List<String> problems, String... required) {
		Set<String> expected = new HashSet<>(List.of(required));
		for (String name : required) {
			if (!line.has(name)) {
				problems.add("missing " + name);
			}
		}
		for (String name : line.propertyNames()) {
			if (!expected.contains(name) && !name.equals("tools")) {
				problems.add("unexpected field " + name);
			}
		}
		if (line.has("tools") && !line.get("tools").isArray()) {
			problems.add("tools is not an array");
		}
	}

	private static void pair(JsonNode prompt, JsonNode completion, List<String> problems) {
		List<JsonNode> whole = messages(prompt);
		List<JsonNode> answer = messages(completion);
		if (answer.size() != 1 || !"assistant".equals(role(answer.get(0)))) {
			problems.add("the completion is not one assistant message");
		}
		if (!whole.isEmpty() && role(whole.get(whole.size() - 1)).equals("assistant")) {
			problems.add("the prompt ends with the assistant");
		}
		whole.addAll(answer);
		conversation(whole, problems);
	}

	private static List<JsonNode> messages(JsonNode array) {
		List<JsonNode> messages = new ArrayList<>();
		if (array != null && array.isArray()) {
			array.forEach(messages::add);
		}
		return messages;
	}

	private static void conversation(List<JsonNode> messages, List<String> problems) {
		if (messages.isEmpty()) {
			problems.add("no messages");
			return;
		}
		if (!Set.of("system", "user").contains(role(messages.get(0)))) {
			problems.add("starts with " + role(messages.get(0)));
		}
		Set<String> open = new HashSet<>();
		for (int i = 0; i < messages.size(); i++) {
			JsonNode message = messages.get(i);
			String role = role(message);
			String before = (i > 0) ? role(messages.get(i - 1)) : "";
			switch (role) {
				case "system" -> check(i == 0, "system message at " + i, problems);
				case "user" -> check(Set.of("", "system", "assistant").contains(before) && open.isEmpty(),
						"user after " + before + " at " + i, problems);
				case "assistant" -> {
					check(Set.of("user", "tool").contains(before) && open.isEmpty(),
							"assistant after " + before + " at " + i, problems);
					open.addAll(toolCalls(message, problems));
				}
				case "tool" -> check(open.remove(message.path("tool_call_id").asString("")),
						"tool message " + i + " answers no open call", problems);
				default -> problems.add("role " + role);
			}
			content(message, role, problems);
		}
		check("assistant".equals(role(messages.get(messages.size() - 1))), "does not end with the assistant", problems);
	}

	private static List<String> toolCalls(JsonNode message, List<String> problems) {
		List<String> ids = new ArrayList<>();
		for (JsonNode call : messages(message.get("tool_calls"))) {
			JsonNode arguments = call.at("/function/arguments");
			boolean object = false;
			try {
				object = arguments.isString() && CaptureRig.JSON.readTree(arguments.stringValue()).isObject();
			}
			catch (RuntimeException ex) {
				object = false;
			}
			check(call.path("id").isString() && call.path("type").asString("").equals("function")
					&& call.at("/function/name").isString() && object, "malformed tool call " + call, problems);
			ids.add(call.path("id").asString(""));
		}
		return ids;
	}

	private static void content(JsonNode message, String role, List<String> problems) {
		JsonNode content = message.get("content");
		boolean calls = message.has("tool_calls");
		boolean ok = (content != null && content.isString())
				|| ("assistant".equals(role) && calls && (content == null || content.isNull()));
		check(ok, role + " message without text content", problems);
	}

	private static String role(JsonNode message) {
		return message.path("role").asString("");
	}

	private static void check(boolean condition, String problem, List<String> problems) {
		if (!condition) {
			problems.add(problem);
		}
	}

}
