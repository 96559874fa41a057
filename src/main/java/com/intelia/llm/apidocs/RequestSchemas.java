package com.intelia.llm.apidocs;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.media.Schema;

/**
 * The request bodies read as free JSON, so that no record describes them: the chat
 * request (unknown vendor fields pass through to OpenAI-compatible upstreams) and the
 * feedback. {@code RequestDocsTest} checks them against what the endpoints accept.
 */
final class RequestSchemas {

	private RequestSchemas() {
	}

	/** Every schema, by component name. */
	static Map<String, Schema<?>> all() {
		Map<String, Schema<?>> schemas = new LinkedHashMap<>();
		schemas.put("ChatCompletionRequest", request());
		schemas.put("ChatMessage", message());
		schemas.put("PromptReference", prompt());
		schemas.put("FeedbackRequest", feedback());
		return schemas;
	}

	private static Schema<?> request() {
		Schema<?> request = object("A chat completion request, as OpenAI's. Fields OpenAI does not define are "
				+ "vendor parameters (vLLM's top_k, min_p...): they reach OpenAI-compatible upstreams unchanged "
				+ "and are refused with a 400 by the others.", "model", "messages")
			.additionalProperties(true);
		request.addProperty("model", string("A model alias from GET /v1/models."));
		request.addProperty("messages", array(WireSchemas.ref("ChatMessage"), "The conversation, oldest first."));
		request.addProperty("stream",
				type("boolean").description("Answer as server-sent events; see the operation's description."));
		request.addProperty("stream_options", object("Stream settings.").addProperty("include_usage",
				type("boolean").description("Send a last chunk with token counts.")));
		request.addProperty("temperature", number("Sampling temperature.", 0, 2));
		request.addProperty("top_p", number("Nucleus sampling mass.", 0, 1));
		request.addProperty("max_tokens", integer("The most tokens to generate; an alias may cap it."));
		request.addProperty("max_completion_tokens", integer("Same as max_tokens, OpenAI's newer name."));
		request.addProperty("stop",
				new Schema<>().oneOf(List.of(string("A stop sequence."), array(type("string"), null)))
					.description("Up to 4 sequences that end the answer."));
		request.addProperty("seed", integer("Seed for reproducible sampling, where the upstream supports it."));
		request.addProperty("presence_penalty", number("Penalty on tokens already present.", -2, 2));
		request.addProperty("frequency_penalty", number("Penalty on frequent tokens.", -2, 2));
		request.addProperty("user", string("An end-user id, passed upstream; never used as a metric label."));
		request.addProperty("tools", array(type("object"), "Function tools, in OpenAI's shape."));
		request.addProperty("tool_choice", new Schema<>().description("none, auto, required or a named function."));
		request.addProperty("response_format", type("object").description("text, json_object or json_schema."));
		request.addProperty("n", integer("Only 1 is supported."));
		request.addProperty("logprobs", type("boolean").description("Only false: log probabilities are not carried."));
		request.addProperty("store", type("boolean").description("Only false: this service stores nothing."));
		request.addProperty("logit_bias",
				type("object")
					.additionalProperties(
							integer("A bias.").minimum(BigDecimal.valueOf(-100)).maximum(BigDecimal.valueOf(100)))
					.description("Biases (-100 to 100) by token id, passed upstream."));
		request.addProperty("parallel_tool_calls",
				type("boolean").description("Whether the model may call several tools at once."));
		request.addProperty("prompt", WireSchemas.ref("PromptReference"));
		return request;
	}

	private static Schema<?> message() {
		Schema<?> message = object("One message of the conversation.", "role");
		message.addProperty("role", string("Who speaks.").ofEnum("system", "developer", "user", "assistant", "tool"));
		message.addProperty("content",
				new Schema<>().oneOf(List.of(string("Plain text."), array(type("object"),
						"Content parts: {type:text,text} or {type:image_url,image_url:{url}} (vision aliases only).")))
					.description("The text, or content parts."));
		message.addProperty("name", string("An optional participant name."));
		message.addProperty("tool_calls",
				array(WireSchemas.ref("ChatCompletion.ToolCall"), "Tool calls an assistant made."));
		message.addProperty("tool_call_id", string("For role tool: the call this answers."));
		return message;
	}

	private static Schema<?> prompt() {
		Schema<?> prompt = object(
				"Intelia extension: a versioned domain system prompt merged before the "
						+ "conversation, shaped like OpenAI's reusable-prompt object. Without it, the alias's default "
						+ "prompt applies. The answer's X-Prompt-Id and X-Prompt-Version headers say which was used.",
				"id");
		prompt.addProperty("id", string("The prompt id, such as aviculture."));
		prompt.addProperty("version", string("The version, such as v2; the latest when omitted."));
		prompt.addProperty("variables", type("object").additionalProperties(type("string"))
			.description("Values for the template's variables."));
		return prompt;
	}

	private static Schema<?> feedback() {
		Schema<?> feedback = object("A rating of a captured completion, with an optional comment and correction.",
				"completion_id", "rating");
		feedback.addProperty("completion_id", string("The id of the chat completion being rated.").maxLength(256));
		Schema<Integer> rating = new Schema<Integer>().types(Set.of("integer")).description("1 (good) or -1 (bad).");
		feedback.addProperty("rating", rating._enum(List.of(1, -1)));
		feedback.addProperty("comment", type("string", "null").description("Why; redacted like captures."));
		feedback.addProperty("correction", type("string", "null").minLength(1)
			.description("The answer an expert would give; redacted like captures."));
		return feedback.additionalProperties(false);
	}

	private static Schema<?> object(String description, String... required) {
		Schema<?> object = type("object").description(description);
		return (required.length > 0) ? object.required(List.of(required)) : object;
	}

	private static Schema<?> array(Schema<?> items, String description) {
		return type("array").items(items).description(description);
	}

	private static StringSchema string(String description) {
		return new StringSchema(description);
	}

	private static Schema<?> integer(String description) {
		return type("integer").description(description);
	}

	private static Schema<?> number(String description, double min, double max) {
		return type("number").description(description)
			.minimum(BigDecimal.valueOf(min))
			.maximum(BigDecimal.valueOf(max));
	}

	private static Schema<?> type(String... types) {
		return new Schema<>().types(new LinkedHashSet<>(List.of(types)));
	}

	/** A string schema that can list its allowed values. */
	static final class StringSchema extends Schema<String> {

		StringSchema(String description) {
			types(new LinkedHashSet<>(List.of("string")));
			description(description);
		}

		StringSchema ofEnum(String... values) {
			_enum(Arrays.asList(values));
			return this;
		}

	}

}
