package com.intelia.llm.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.intelia.llm.chat.ToolReader.ResponseFormatChoice;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.model.ModelAlias;
import com.intelia.llm.prompt.PromptSelection;
import com.intelia.llm.provider.LlmProvider;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an OpenAI chat-completion body into a {@link ChatCall}. Every OpenAI parameter is
 * either carried or rejected with a 400 naming it; fields OpenAI does not define are
 * vendor parameters (vLLM's {@code top_k}, {@code min_p}...) and pass through unchanged
 * to OpenAI-compatible upstreams.
 */
final class ChatRequestReader {

	/** OpenAI parameters this gateway carries. */
	private static final Set<String> CARRIED = Set.of("model", "messages", "stream", "stream_options", "temperature",
			"top_p", "max_tokens", "max_completion_tokens", "stop", "seed", "presence_penalty", "frequency_penalty",
			"user", "logit_bias", "parallel_tool_calls", "tools", "tool_choice", "response_format", "n", "logprobs",
			"top_logprobs", "store", "prompt");

	/** OpenAI parameters this gateway cannot honour: a 400 when set, never dropped. */
	private static final Set<String> REFUSED = Set.of("audio", "function_call", "functions", "metadata", "modalities",
			"moderation", "prediction", "prompt_cache_key", "prompt_cache_options", "prompt_cache_retention",
			"reasoning_effort", "safety_identifier", "service_tier", "verbosity", "web_search_options");

	private ChatRequestReader() {
	}

	/** Overlays the request on the alias's defaults, so both pass the same checks. */
	static JsonNode withDefaults(ObjectNode body, ObjectNode defaults) {
		ObjectNode merged = defaults.deepCopy();
		body.properties().forEach((entry) -> merged.set(entry.getKey(), entry.getValue()));
		return merged;
	}

	static ChatCall read(JsonNode body, ModelAlias alias, LlmProvider provider) {
		Map<String, Object> vendor = vendorParameters(body, provider);
		boolean stream = Boolean.TRUE.equals(Fields.bool(body.get("stream"), "stream"));
		boolean includeUsage = streamOptions(body.get("stream_options"), stream);
		checkSingleChoice(body);
		List<ToolSpecification> tools = ToolReader.tools(body.get("tools"), provider.forwardsVendorParameters());
		OpenAiChatRequestParameters.Builder params = OpenAiChatRequestParameters.builder()
			.temperature(Fields.number(body.get("temperature"), "temperature", 0, 2))
			.topP(Fields.number(body.get("top_p"), "top_p", 0, 1))
			.presencePenalty(Fields.number(body.get("presence_penalty"), "presence_penalty", -2, 2))
			.frequencyPenalty(Fields.number(body.get("frequency_penalty"), "frequency_penalty", -2, 2))
			.maxOutputTokens(Fields.integer(body.get("max_tokens"), "max_tokens", 1, Integer.MAX_VALUE))
			.maxCompletionTokens(
					Fields.integer(body.get("max_completion_tokens"), "max_completion_tokens", 1, Integer.MAX_VALUE))
			.stopSequences(stop(body.get("stop")))
			.seed(Fields.integer(body.get("seed"), "seed", Integer.MIN_VALUE, Integer.MAX_VALUE))
			.user(Fields.string(body.get("user"), "user"))
			.logitBias(logitBias(body.get("logit_bias")))
			.parallelToolCalls(Fields.bool(body.get("parallel_tool_calls"), "parallel_tool_calls"));
		toolsAndFormat(body, tools, params, vendor, provider.forwardsVendorParameters());
		if (!vendor.isEmpty()) {
			params.customParameters(vendor);
		}
		List<dev.langchain4j.data.message.ChatMessage> messages = new MessageReader(alias.vision())
			.read(body.get("messages"));
		return new ChatCall(alias, stream, includeUsage, messages, AliasLimits.apply(alias, params.build(), messages),
				prompt(body.get("prompt")));
	}

	private static Map<String, Object> vendorParameters(JsonNode body, LlmProvider provider) {
		Map<String, Object> vendor = new LinkedHashMap<>();
		for (String key : body.propertyNames()) {
			JsonNode value = body.get(key);
			if (CARRIED.contains(key)) {
				continue;
			}
			if (REFUSED.contains(key)) {
				if (Fields.present(value)) {
					throw ApiException.unsupportedParam(key, "'" + key + "' is not supported by this service.");
				}
				continue;
			}
			if (!provider.forwardsVendorParameters()) {
				throw ApiException.unsupportedParam(MessageReader.truncate(key),
						"Unknown parameter '" + MessageReader.truncate(key) + "'; provider '" + provider.id()
								+ "' takes no vendor parameters.");
			}
			vendor.put(key, Fields.plain(value));
		}
		return vendor;
	}

	/**
	 * Tools, tool choice and response format, validated here in every case. LangChain4j
	 * rewrites them on the way out (it drops a non-strict schema's additionalProperties
	 * and a false strict, adds required lists, omits a text format), so for an
	 * OpenAI-compatible upstream they travel as the caller wrote them, as custom
	 * parameters with the standard fields left null. In-process models get them as
	 * LangChain4j types.
	 */
	private static void toolsAndFormat(JsonNode body, List<ToolSpecification> tools,
			OpenAiChatRequestParameters.Builder params, Map<String, Object> vendor, boolean raw) {
		JsonNode toolChoice = body.get("tool_choice");
		if (Fields.present(toolChoice) && tools.isEmpty()) {
			throw ApiException.invalidParam("tool_choice", "'tool_choice' is only allowed when 'tools' are given.");
		}
		var choice = Fields.present(toolChoice) ? ToolReader.toolChoice(toolChoice, tools) : null;
		ResponseFormatChoice format = ToolReader.responseFormat(body.get("response_format"));
		if (raw) {
			putRaw(vendor, body, "tools", !tools.isEmpty());
			putRaw(vendor, body, "tool_choice", Fields.present(toolChoice));
			putRaw(vendor, body, "response_format", format != null);
			return;
		}
		if (!tools.isEmpty()) {
			params.toolSpecifications(tools);
		}
		if (choice != null) {
			params.toolChoice(choice);
		}
		else if (Fields.present(toolChoice)) {
			// LangChain4j has no named tool choice: the object travels as a custom
			// parameter.
			vendor.put("tool_choice", Fields.plain(toolChoice));
		}
		if (format != null) {
			params.responseFormat(format.format());
		}
	}

	private static void putRaw(Map<String, Object> vendor, JsonNode body, String field, boolean present) {
		if (present) {
			vendor.put(field, Fields.plain(body.get(field)));
		}
	}

	private static boolean streamOptions(@Nullable JsonNode node, boolean stream) {
		JsonNode options = Fields.object(node, "stream_options");
		if (options == null) {
			return false;
		}
		if (!stream) {
			throw ApiException.invalidParam("stream_options",
					"'stream_options' is only allowed when 'stream' is true.");
		}
		for (String key : options.propertyNames()) {
			if (!"include_usage".equals(key) && !"include_obfuscation".equals(key)) {
				throw ApiException.unsupportedParam("stream_options." + MessageReader.truncate(key),
						"Unknown stream option '" + MessageReader.truncate(key) + "'.");
			}
		}
		if (Boolean.TRUE
			.equals(Fields.bool(options.get("include_obfuscation"), "stream_options.include_obfuscation"))) {
			throw ApiException.unsupportedParam("stream_options.include_obfuscation",
					"Stream obfuscation is not supported by this service.");
		}
		return Boolean.TRUE.equals(Fields.bool(options.get("include_usage"), "stream_options.include_usage"));
	}

	private static void checkSingleChoice(JsonNode body) {
		Integer n = Fields.integer(body.get("n"), "n", 1, 128);
		if (n != null && n > 1) {
			throw ApiException.unsupportedParam("n", "'n' greater than 1 is not supported; make separate requests.");
		}
		if (Boolean.TRUE.equals(Fields.bool(body.get("logprobs"), "logprobs"))) {
			throw ApiException.unsupportedParam("logprobs", "'logprobs' is not supported by this service.");
		}
		if (Fields.present(body.get("top_logprobs"))) {
			throw ApiException.unsupportedParam("top_logprobs", "'top_logprobs' is not supported by this service.");
		}
		if (Boolean.TRUE.equals(Fields.bool(body.get("store"), "store"))) {
			throw ApiException.unsupportedParam("store", "'store' is not supported: this service stores nothing.");
		}
	}

	private static @Nullable List<String> stop(@Nullable JsonNode node) {
		if (!Fields.present(node)) {
			return null;
		}
		if (node.isString()) {
			return List.of(node.asString());
		}
		List<JsonNode> items = Fields.array(node, "stop");
		if (items.size() > 4) {
			throw ApiException.invalidParam("stop", "'stop' takes at most 4 sequences.");
		}
		List<String> stops = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			stops.add(Fields.requiredString(items.get(i), "stop[" + i + "]"));
		}
		return stops;
	}

	private static @Nullable Map<String, Integer> logitBias(@Nullable JsonNode node) {
		JsonNode object = Fields.object(node, "logit_bias");
		if (object == null) {
			return null;
		}
		Map<String, Integer> bias = new LinkedHashMap<>();
		object.properties().forEach((entry) -> {
			String param = "logit_bias." + MessageReader.truncate(entry.getKey());
			if (!entry.getKey().matches("\\d{1,9}")) {
				throw ApiException.invalidParam(param, "'logit_bias' keys are token ids.");
			}
			bias.put(entry.getKey(), Fields.integer(entry.getValue(), param, -100, 100));
		});
		return bias;
	}

	private static @Nullable PromptSelection prompt(@Nullable JsonNode node) {
		JsonNode prompt = Fields.object(node, "prompt");
		if (prompt == null) {
			return null;
		}
		for (String key : prompt.propertyNames()) {
			if (!Set.of("id", "version", "variables").contains(key)) {
				throw ApiException.unsupportedParam("prompt." + MessageReader.truncate(key),
						"Unknown field '" + MessageReader.truncate(key) + "' in 'prompt'.");
			}
		}
		String id = Fields.requiredString(prompt.get("id"), "prompt.id");
		String version = Fields.string(prompt.get("version"), "prompt.version");
		Map<String, String> variables = new LinkedHashMap<>();
		JsonNode vars = Fields.object(prompt.get("variables"), "prompt.variables");
		if (vars != null) {
			vars.properties()
				.forEach((entry) -> variables.put(entry.getKey(), Fields.requiredString(entry.getValue(),
						"prompt.variables." + MessageReader.truncate(entry.getKey()))));
		}
		return new PromptSelection(id, version, variables);
	}

}
