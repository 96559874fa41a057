package com.intelia.llm.provider.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * What the simulator answers to one request, decided up front and deterministically: text
 * tokens with a finish reason, or tool calls.
 *
 * @param tokens the text, token by token (empty for tool calls)
 * @param toolCalls the tool calls (empty for text)
 * @param finishReason why the answer ends
 * @param usage token counts
 */
record SimulatedTurn(List<String> tokens, List<ToolExecutionRequest> toolCalls, FinishReason finishReason,
		TokenUsage usage) {

	private static final Pattern TOKEN = Pattern.compile("\\S+\\s*");

	static SimulatedTurn plan(ChatRequest request) {
		ChatRequestParameters params = request.parameters();
		int promptTokens = promptTokens(request.messages());
		ToolSpecification tool = toolToCall(request, params);
		if (tool != null) {
			String id = "call_" + Integer.toHexString((request.messages().hashCode() * 31 + tool.name().hashCode()))
				.replace('-', '0');
			String arguments = arguments(tool.parameters(), lastUserText(request.messages()));
			ToolExecutionRequest call = ToolExecutionRequest.builder()
				.id(id)
				.name(tool.name())
				.arguments(arguments)
				.build();
			int completion = Math.max(1, (tool.name().length() + arguments.length()) / 4);
			return new SimulatedTurn(List.of(), List.of(call), FinishReason.TOOL_EXECUTION,
					new TokenUsage(promptTokens, completion, promptTokens + completion));
		}
		return text(request, params, promptTokens);
	}

	private static SimulatedTurn text(ChatRequest request, ChatRequestParameters params, int promptTokens) {
		List<ChatMessage> messages = request.messages();
		ChatMessage last = messages.get(messages.size() - 1);
		String question = lastUserText(messages);
		String answer = (last instanceof ToolExecutionResultMessage result)
				? SimulatedAnswers.afterTool(question, result.text()) : SimulatedAnswers.answer(question);
		answer = cutAtStop(answer, params.stopSequences());
		List<String> tokens = new ArrayList<>();
		Matcher matcher = TOKEN.matcher(answer);
		while (matcher.find()) {
			tokens.add(matcher.group());
		}
		FinishReason reason = FinishReason.STOP;
		Integer limit = limit(params);
		if (limit != null && tokens.size() > limit) {
			tokens = tokens.subList(0, limit);
			reason = FinishReason.LENGTH;
		}
		return new SimulatedTurn(List.copyOf(tokens), List.of(), reason,
				new TokenUsage(promptTokens, tokens.size(), promptTokens + tokens.size()));
	}

	/** The full text. */
	String text() {
		return String.join("", this.tokens);
	}

	private static @Nullable Integer limit(ChatRequestParameters params) {
		Integer max = params.maxOutputTokens();
		if (params instanceof OpenAiChatRequestParameters openAi && openAi.maxCompletionTokens() != null) {
			max = (max == null) ? openAi.maxCompletionTokens() : Math.min(max, openAi.maxCompletionTokens());
		}
		return max;
	}

	private static String cutAtStop(String answer, @Nullable List<String> stops) {
		String cut = answer;
		if (stops != null) {
			for (String stop : stops) {
				int at = cut.indexOf(stop);
				if (!stop.isEmpty() && at >= 0) {
					cut = cut.substring(0, at);
				}
			}
		}
		return cut;
	}

	private static @Nullable ToolSpecification toolToCall(ChatRequest request, ChatRequestParameters params) {
		List<ToolSpecification> tools = params.toolSpecifications();
		if (tools == null || tools.isEmpty() || params.toolChoice() == ToolChoice.NONE
				|| request.messages().get(request.messages().size() - 1) instanceof ToolExecutionResultMessage) {
			return null;
		}
		String named = namedTool(params);
		if (named != null) {
			return tools.stream().filter((tool) -> tool.name().equals(named)).findFirst().orElse(null);
		}
		if (params.toolChoice() == ToolChoice.REQUIRED) {
			return tools.get(0);
		}
		String question = lastUserText(request.messages()).toLowerCase(Locale.ROOT);
		return tools.stream().filter((tool) -> mentions(question, tool)).findFirst().orElse(null);
	}

	/** With {@code auto}, a tool is called when the question names a word of its name. */
	private static boolean mentions(String question, ToolSpecification tool) {
		for (String word : tool.name().toLowerCase(Locale.ROOT).split("[_\\-]")) {
			if (word.length() > 3 && !word.equals("get") && question.contains(word)) {
				return true;
			}
		}
		return false;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable String namedTool(ChatRequestParameters params) {
		if (params instanceof OpenAiChatRequestParameters openAi && openAi.customParameters() != null
				&& openAi.customParameters().get("tool_choice") instanceof Map<?, ?> choice
				&& choice.get("function") instanceof Map<?, ?> function) {
			return (String) ((Map<String, Object>) function).get("name");
		}
		return null;
	}

	private static String arguments(@Nullable JsonObjectSchema schema, String question) {
		Map<String, JsonSchemaElement> properties = (schema != null && schema.properties() != null)
				? schema.properties() : Map.of();
		Map<String, String> values = new LinkedHashMap<>();
		properties.forEach((name, element) -> values.put(name, sampleValue(element, question)));
		StringBuilder json = new StringBuilder("{");
		values.forEach((name,
				value) -> json.append(json.length() > 1 ? "," : "").append(quote(name)).append(':').append(value));
		return json.append('}').toString();
	}

	private static String sampleValue(JsonSchemaElement element, String question) {
		String schema = (element instanceof JsonRawSchema raw) ? raw.schema() : "";
		Matcher enumValue = Pattern.compile("\"enum\"\\s*:\\s*\\[\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,\\]]+)")
			.matcher(schema);
		if (enumValue.find()) {
			return enumValue.group(1).trim();
		}
		if (schema.contains("\"integer\"") || schema.contains("\"number\"")) {
			return "1";
		}
		if (schema.contains("\"boolean\"")) {
			return "true";
		}
		if (schema.contains("\"array\"")) {
			return "[]";
		}
		if (schema.contains("\"object\"")) {
			return "{}";
		}
		return quote(subject(question));
	}

	/**
	 * The last capitalised word of the question, or the question itself, as a string
	 * argument.
	 */
	private static String subject(String question) {
		Matcher capitalised = Pattern.compile("\\b\\p{Lu}[\\p{L}-]+").matcher(question);
		String found = null;
		while (capitalised.find()) {
			if (capitalised.start() > 0) {
				found = capitalised.group();
			}
		}
		return (found != null) ? found : question.strip();
	}

	private static String quote(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

	private static String lastUserText(List<ChatMessage> messages) {
		for (int i = messages.size() - 1; i >= 0; i--) {
			if (messages.get(i) instanceof UserMessage user) {
				return user.hasSingleText() ? user.singleText()
						: String.join("\n",
								user.contents()
									.stream()
									.filter(dev.langchain4j.data.message.TextContent.class::isInstance)
									.map((content) -> ((dev.langchain4j.data.message.TextContent) content).text())
									.toList());
			}
		}
		return "";
	}

	private static int promptTokens(List<ChatMessage> messages) {
		int chars = 0;
		for (ChatMessage message : messages) {
			chars += switch (message) {
				case SystemMessage system -> system.text().length();
				case UserMessage user -> lastUserText(List.of(user)).length();
				case ToolExecutionResultMessage result -> result.text().length();
				default -> message.toString().length() / 2;
			};
		}
		return Math.max(1, chars / 4) + 4 * messages.size();
	}

}
