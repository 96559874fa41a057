package com.intelia.llm.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.intelia.llm.error.ApiException;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Translates OpenAI {@code messages} into LangChain4j messages. A field or content part
 * that cannot be carried is a 400 naming it: nothing the caller sent is dropped on the
 * way.
 */
final class MessageReader {

	private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

	private final boolean acceptsImages;

	private final Map<String, String> toolNamesById = new HashMap<>();

	MessageReader(boolean acceptsImages) {
		this.acceptsImages = acceptsImages;
	}

	List<ChatMessage> read(@Nullable JsonNode messages) {
		if (!Fields.present(messages)) {
			throw ApiException.invalidParam("messages", "'messages' is required and must not be empty.");
		}
		List<JsonNode> items = Fields.array(messages, "messages");
		if (items.isEmpty()) {
			throw ApiException.invalidParam("messages", "'messages' must contain at least one message.");
		}
		List<ChatMessage> result = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			result.add(message(items.get(i), "messages[" + i + "]"));
		}
		return result;
	}

	private ChatMessage message(JsonNode node, String path) {
		Fields.object(node, path);
		if (!node.isObject()) {
			throw ApiException.invalidParam(path, "'" + path + "' must be an object.");
		}
		String role = Fields.requiredString(node.get("role"), path + ".role");
		if (!ROLES.contains(role)) {
			throw ApiException.invalidParam(path + ".role",
					"Invalid role '" + truncate(role) + "'; expected one of system, developer, user, assistant, tool.");
		}
		rejectUnknownKeys(node, path, role);
		return switch (role) {
			case "system", "developer" -> system(node, path);
			case "user" -> user(node, path);
			case "assistant" -> assistant(node, path);
			default -> tool(node, path);
		};
	}

	private SystemMessage system(JsonNode node, String path) {
		rejectPresent(node, path, "name", "a system message name cannot be forwarded");
		String text = requiredText(node.get("content"), path + ".content");
		if (text.isBlank()) {
			// LangChain4j has no blank system message, and dropping it would lose what
			// was sent.
			throw ApiException.invalidParam(path + ".content", "A system message must not be empty.");
		}
		return SystemMessage.from(text);
	}

	private UserMessage user(JsonNode node, String path) {
		String name = Fields.string(node.get("name"), path + ".name");
		JsonNode content = node.get("content");
		List<Content> contents = new ArrayList<>();
		if (Fields.present(content) && content.isString()) {
			contents.add(TextContent.from(content.asString()));
		}
		else {
			List<JsonNode> parts = contentParts(content, path + ".content");
			for (int j = 0; j < parts.size(); j++) {
				contents.add(userPart(parts.get(j), path + ".content[" + j + "]"));
			}
		}
		return (name != null) ? UserMessage.from(name, contents) : UserMessage.from(contents);
	}

	private Content userPart(JsonNode part, String path) {
		String type = partType(part, path);
		if ("text".equals(type)) {
			return TextContent.from(Fields.requiredString(part.get("text"), path + ".text"));
		}
		if ("image_url".equals(type) && this.acceptsImages) {
			JsonNode image = Fields.object(part.get("image_url"), path + ".image_url");
			String url = Fields.requiredString((image != null) ? image.get("url") : null, path + ".image_url.url");
			try {
				return ImageContent.from(url);
			}
			catch (IllegalArgumentException ex) {
				throw ApiException.invalidParam(path + ".image_url.url", "Not a valid image URL.");
			}
		}
		throw ApiException.unsupportedParam(path,
				"Content part type '" + truncate(type) + "' is not supported by this model; it takes text parts only.");
	}

	private AiMessage assistant(JsonNode node, String path) {
		rejectPresent(node, path, "name", "an assistant message name cannot be forwarded");
		rejectPresent(node, path, "refusal", "assistant refusals cannot be forwarded");
		rejectPresent(node, path, "audio", "audio is not supported");
		rejectPresent(node, path, "function_call", "use 'tool_calls' instead of the deprecated 'function_call'");
		String text = optionalText(node.get("content"), path + ".content");
		List<ToolExecutionRequest> calls = toolCalls(node.get("tool_calls"), path + ".tool_calls");
		if (text == null && calls.isEmpty()) {
			throw ApiException.invalidParam(path + ".content", "An assistant message needs 'content' or 'tool_calls'.");
		}
		if (calls.isEmpty()) {
			return AiMessage.from(text);
		}
		return (text != null) ? AiMessage.from(text, calls) : AiMessage.from(calls);
	}

	private List<ToolExecutionRequest> toolCalls(@Nullable JsonNode node, String path) {
		List<JsonNode> items = Fields.array(node, path);
		List<ToolExecutionRequest> calls = new ArrayList<>(items.size());
		for (int k = 0; k < items.size(); k++) {
			String itemPath = path + "[" + k + "]";
			JsonNode call = Fields.object(items.get(k), itemPath);
			if (call == null) {
				throw ApiException.invalidParam(itemPath, "'" + itemPath + "' must be an object.");
			}
			String id = Fields.requiredString(call.get("id"), itemPath + ".id");
			String type = Fields.string(call.get("type"), itemPath + ".type");
			if (type != null && !"function".equals(type)) {
				throw ApiException.unsupportedParam(itemPath + ".type", "Only 'function' tool calls are supported.");
			}
			JsonNode function = Fields.object(call.get("function"), itemPath + ".function");
			if (function == null) {
				throw ApiException.invalidParam(itemPath + ".function", "'" + itemPath + ".function' is required.");
			}
			String name = Fields.requiredString(function.get("name"), itemPath + ".function.name");
			String arguments = Fields.requiredString(function.get("arguments"), itemPath + ".function.arguments");
			this.toolNamesById.put(id, name);
			calls.add(ToolExecutionRequest.builder().id(id).name(name).arguments(arguments).build());
		}
		return calls;
	}

	private ToolExecutionResultMessage tool(JsonNode node, String path) {
		String id = Fields.requiredString(node.get("tool_call_id"), path + ".tool_call_id");
		String text = requiredText(node.get("content"), path + ".content");
		return ToolExecutionResultMessage.builder().id(id).toolName(this.toolNamesById.get(id)).text(text).build();
	}

	private String requiredText(@Nullable JsonNode node, String path) {
		String text = optionalText(node, path);
		if (text == null) {
			throw ApiException.invalidParam(path, "'" + path + "' is required.");
		}
		return text;
	}

	/**
	 * A string, or an array of text parts joined by new lines, as chat templates join
	 * them.
	 */
	private @Nullable String optionalText(@Nullable JsonNode node, String path) {
		if (!Fields.present(node)) {
			return null;
		}
		if (node.isString()) {
			return node.asString();
		}
		List<JsonNode> parts = contentParts(node, path);
		List<String> texts = new ArrayList<>(parts.size());
		for (int j = 0; j < parts.size(); j++) {
			String partPath = path + "[" + j + "]";
			String type = partType(parts.get(j), partPath);
			if (!"text".equals(type)) {
				throw ApiException.unsupportedParam(partPath,
						"Content part type '" + truncate(type) + "' is not supported in this message; use text parts.");
			}
			texts.add(Fields.requiredString(parts.get(j).get("text"), partPath + ".text"));
		}
		return String.join("\n", texts);
	}

	private static List<JsonNode> contentParts(@Nullable JsonNode node, String path) {
		if (!Fields.present(node)) {
			throw ApiException.invalidParam(path, "'" + path + "' is required.");
		}
		if (!node.isArray()) {
			throw ApiException.invalidParam(path, "'" + path + "' must be a string or an array of content parts.");
		}
		List<JsonNode> parts = Fields.array(node, path);
		if (parts.isEmpty()) {
			throw ApiException.invalidParam(path, "'" + path + "' must not be an empty array.");
		}
		return parts;
	}

	private static String partType(JsonNode part, String path) {
		if (!part.isObject()) {
			throw ApiException.invalidParam(path, "'" + path + "' must be a content part object.");
		}
		return Fields.requiredString(part.get("type"), path + ".type");
	}

	private static void rejectPresent(JsonNode node, String path, String field, String why) {
		if (Fields.present(node.get(field))) {
			throw ApiException.unsupportedParam(path + "." + field, "'" + path + "." + field + "': " + why + ".");
		}
	}

	private static final Map<String, Set<String>> KEYS = Map.of("system", Set.of("role", "content", "name"),
			"developer", Set.of("role", "content", "name"), "user", Set.of("role", "content", "name"), "assistant",
			Set.of("role", "content", "name", "tool_calls", "refusal", "audio", "function_call"), "tool",
			Set.of("role", "content", "tool_call_id"));

	private static void rejectUnknownKeys(JsonNode node, String path, String role) {
		for (String key : node.propertyNames()) {
			if (!KEYS.get(role).contains(key)) {
				throw ApiException.unsupportedParam(path + "." + truncate(key),
						"Unknown field '" + truncate(key) + "' in a " + role + " message.");
			}
		}
	}

	static String truncate(String text) {
		return (text.length() > 64) ? text.substring(0, 64) + "…" : text;
	}

}
