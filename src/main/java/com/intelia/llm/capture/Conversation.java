package com.intelia.llm.capture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a captured conversation into training messages and checks them against the rules
 * trainers share: it starts with system or user, the roles alternate (an assistant's tool
 * calls are each answered by a tool message before the next turn), it ends with the
 * assistant, and tool calls are well formed. What the chat API accepts but trainers do
 * not is normalised: {@code developer} becomes {@code system}, text parts are joined,
 * leading system messages and consecutive user messages are merged. A conversation that
 * still breaks a rule is left out of the export.
 */
final class Conversation {

	private static final String SYSTEM = "system";

	private static final String USER = "user";

	private static final String ASSISTANT = "assistant";

	private static final String TOOL = "tool";

	private final JsonMapper json;

	Conversation(JsonMapper json) {
		this.json = json;
	}

	/**
	 * The messages before the answer.
	 * @param messages the caller's messages as captured
	 * @param systemPrompt the system message sent upstream, or null
	 * @param omitSystemPrompt whether to keep the caller's own leading system messages
	 * instead of {@code systemPrompt}
	 * @return the messages, or null if they cannot be read
	 */
	@Nullable List<ObjectNode> prompt(String messages, @Nullable String systemPrompt, boolean omitSystemPrompt) {
		JsonNode array = read(messages);
		if (array == null || !array.isArray()) {
			return null;
		}
		List<ObjectNode> normalised = new ArrayList<>();
		for (JsonNode message : array) {
			ObjectNode one = message(message);
			if (one == null) {
				return null;
			}
			normalised.add(one);
		}
		return lead(normalised, omitSystemPrompt ? null : systemPrompt);
	}

	/** The captured answer as a training message, or null if it cannot be read. */
	@Nullable ObjectNode answer(String answer) {
		JsonNode node = read(answer);
		return (node != null) ? message(node) : null;
	}

	/** An assistant message with the given text. */
	ObjectNode assistant(String text) {
		return this.json.createObjectNode().put("role", ASSISTANT).put("content", text);
	}

	/** Whether the messages make a training conversation. */
	boolean valid(List<ObjectNode> messages) {
		Set<String> unanswered = new HashSet<>();
		String previous = null;
		for (int i = 0; i < messages.size(); i++) {
			ObjectNode message = messages.get(i);
			String role = message.get("role").asString();
			boolean fits = switch (role) {
				case SYSTEM -> i == 0 && hasText(message, false);
				case USER -> (previous == null || SYSTEM.equals(previous) || ASSISTANT.equals(previous))
						&& unanswered.isEmpty() && hasText(message, false);
				case ASSISTANT -> (USER.equals(previous) || TOOL.equals(previous)) && unanswered.isEmpty()
						&& assistantFits(message, unanswered);
				case TOOL -> (ASSISTANT.equals(previous) || TOOL.equals(previous))
						&& unanswered.remove(message.path("tool_call_id").asString("")) && hasText(message, true);
				default -> false;
			};
			if (!fits) {
				return false;
			}
			previous = role;
		}
		return ASSISTANT.equals(previous);
	}

	/**
	 * The system prompt first (or the caller's leading system messages merged), then the
	 * rest.
	 */
	private List<ObjectNode> lead(List<ObjectNode> messages, @Nullable String systemPrompt) {
		int leading = 0;
		List<String> context = new ArrayList<>();
		while (leading < messages.size() && SYSTEM.equals(messages.get(leading).get("role").asString())) {
			context.add(messages.get(leading).path("content").asString(""));
			leading++;
		}
		List<ObjectNode> conversation = new ArrayList<>();
		if (systemPrompt != null) {
			conversation.add(system(systemPrompt));
		}
		else if (leading > 0) {
			conversation.add(system(String.join("\n\n", context)));
		}
		for (ObjectNode message : messages.subList(leading, messages.size())) {
			ObjectNode last = conversation.isEmpty() ? null : conversation.get(conversation.size() - 1);
			if (last != null && USER.equals(role(last)) && USER.equals(role(message)) && hasText(last, true)
					&& hasText(message, true)) {
				last.put("content", last.get("content").asString() + "\n\n" + message.get("content").asString());
			}
			else {
				conversation.add(message);
			}
		}
		return conversation;
	}

	/** One message with only what trainers read, or null if it cannot be read. */
	private @Nullable ObjectNode message(JsonNode message) {
		String role = message.path("role").asString(null);
		if (role == null) {
			return null;
		}
		role = "developer".equals(role) ? SYSTEM : role;
		ObjectNode out = this.json.createObjectNode().put("role", role);
		JsonNode content = message.get("content");
		String text = text(content);
		if (text == null && content != null && !content.isNull()) {
			return null;
		}
		if (text != null) {
			out.put("content", text);
		}
		else if (ASSISTANT.equals(role)) {
			out.putNull("content");
		}
		if (message.has("tool_calls") && !message.get("tool_calls").isNull()) {
			out.set("tool_calls", message.get("tool_calls").deepCopy());
		}
		if (message.has("tool_call_id")) {
			out.set("tool_call_id", message.get("tool_call_id").deepCopy());
		}
		return out;
	}

	/** A string, or text parts joined; null for anything else. */
	private static @Nullable String text(@Nullable JsonNode content) {
		if (content == null || content.isNull()) {
			return null;
		}
		if (content.isString()) {
			return content.stringValue();
		}
		if (!content.isArray()) {
			return null;
		}
		List<String> parts = new ArrayList<>();
		for (JsonNode part : content) {
			if (!"text".equals(part.path("type").asString("")) || !part.path("text").isString()) {
				return null;
			}
			parts.add(part.get("text").stringValue());
		}
		return String.join("\n", parts);
	}

	private boolean assistantFits(ObjectNode message, Set<String> unanswered) {
		JsonNode calls = message.get("tool_calls");
		boolean hasCalls = calls != null && calls.isArray() && !calls.isEmpty();
		if (calls != null && !hasCalls) {
			return false;
		}
		if (!hasCalls) {
			return hasText(message, false);
		}
		JsonNode content = message.get("content");
		if (content != null && !content.isNull() && !content.isString()) {
			return false;
		}
		for (JsonNode call : calls) {
			if (!callFits(call) || !unanswered.add(call.get("id").stringValue())) {
				return false;
			}
		}
		return true;
	}

	private boolean callFits(JsonNode call) {
		JsonNode function = call.path("function");
		return call.path("id").isString() && !call.get("id").stringValue().isBlank()
				&& "function".equals(call.path("type").asString("")) && function.path("name").isString()
				&& !function.get("name").stringValue().isBlank() && function.path("arguments").isString()
				&& isObject(function.get("arguments").stringValue());
	}

	private boolean isObject(String arguments) {
		JsonNode parsed = read(arguments);
		return parsed != null && parsed.isObject();
	}

	private static boolean hasText(ObjectNode message, boolean emptyAllowed) {
		JsonNode content = message.get("content");
		return content != null && content.isString() && (emptyAllowed || !content.stringValue().isBlank());
	}

	private ObjectNode system(String text) {
		return this.json.createObjectNode().put("role", SYSTEM).put("content", text);
	}

	private static String role(ObjectNode message) {
		return message.get("role").asString();
	}

	private @Nullable JsonNode read(String text) {
		try {
			return this.json.readTree(text);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** The tools offered, as trainers read them, or null. */
	@Nullable ArrayNode tools(@Nullable String tools) {
		JsonNode node = (tools != null) ? read(tools) : null;
		return (node instanceof ArrayNode array && !array.isEmpty()) ? array : null;
	}

}
