package com.intelia.llm.apidocs;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.media.Schema;

/**
 * The OpenAI chat wire types as OpenAPI 3.1 schemas. They are written out rather than
 * derived from the records, because the endpoint reads its body as free JSON (so that
 * unknown vendor fields can pass through), and several records share simple names
 * ({@code Choice}) that would collide in {@code components}.
 */
final class ChatSchemas {

	private ChatSchemas() {
	}

	/** Every schema, by component name. */
	static Map<String, Schema<?>> all() {
		Map<String, Schema<?>> schemas = new LinkedHashMap<>();
		schemas.put("ChatCompletionRequest", request());
		schemas.put("ChatMessage", message());
		schemas.put("PromptReference", prompt());
		schemas.put("ChatCompletion", completion());
		schemas.put("ChatCompletionChunk", chunk());
		schemas.put("ToolCall", toolCall());
		schemas.put("Usage", usage());
		schemas.put("ErrorResponse", error());
		return schemas;
	}

	static Schema<?> ref(String name) {
		return new Schema<>().$ref("#/components/schemas/" + name);
	}

	private static Schema<?> request() {
		Schema<?> request = object("A chat completion request, as OpenAI's. Fields OpenAI does not define are "
				+ "vendor parameters (vLLM's top_k, min_p...): they reach OpenAI-compatible upstreams unchanged "
				+ "and are refused with a 400 by the others.", "model", "messages")
			.additionalProperties(true);
		request.addProperty("model", string("A model alias from GET /v1/models."));
		request.addProperty("messages", array(ref("ChatMessage"), "The conversation, oldest first."));
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
		request.addProperty("prompt", ref("PromptReference"));
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
		message.addProperty("tool_calls", array(ref("ToolCall"), "Tool calls an assistant made."));
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

	private static Schema<?> completion() {
		Schema<?> completion = object("OpenAI's chat.completion object.", "id", "object", "created", "model",
				"choices");
		completion.addProperty("id", string("The completion id."));
		completion.addProperty("object", string("Always chat.completion.")._const("chat.completion"));
		completion.addProperty("created", integer("Epoch seconds."));
		completion.addProperty("model", string("The alias the caller asked for."));
		Schema<?> choice = object("The single choice.", "index", "message", "finish_reason");
		choice.addProperty("index", integer("Always 0."));
		Schema<?> answer = object("The assistant's message.", "role", "content");
		answer.addProperty("role", string("Always assistant."));
		answer.addProperty("content", type("string", "null").description("The text; null for tool calls only."));
		answer.addProperty("refusal", type("string", "null").description("Always null."));
		answer.addProperty("tool_calls", array(ref("ToolCall"), "Tool calls, if any."));
		choice.addProperty("message", answer);
		choice.addProperty("logprobs", type("null").description("Always null."));
		choice.addProperty("finish_reason", finishReason());
		completion.addProperty("choices", array(choice, "One choice."));
		completion.addProperty("usage", ref("Usage"));
		completion.addProperty("system_fingerprint", string("The upstream's fingerprint, when it gives one."));
		return completion;
	}

	private static Schema<?> chunk() {
		Schema<?> chunk = object("One server-sent event of a stream: OpenAI's chat.completion.chunk.", "id", "object",
				"created", "model", "choices");
		chunk.addProperty("id", string("The same in every chunk of a stream."));
		chunk.addProperty("object", string("Always chat.completion.chunk.")._const("chat.completion.chunk"));
		chunk.addProperty("created", integer("Epoch seconds, the same in every chunk."));
		chunk.addProperty("model", string("The alias the caller asked for."));
		Schema<?> delta = object("What this chunk adds.");
		delta.addProperty("role", string("assistant, in the first chunk only."));
		delta.addProperty("content", string("A piece of text."));
		delta.addProperty("tool_calls",
				array(type("object"),
						"Pieces of tool calls: {index, id, type, function:{name, arguments}}; id, type and name "
								+ "in the first piece of each call only."));
		Schema<?> choice = object("One choice of a chunk.", "index", "delta");
		choice.addProperty("index", integer("Always 0."));
		choice.addProperty("delta", delta);
		choice.addProperty("logprobs", type("null").description("Always null."));
		choice.addProperty("finish_reason",
				new StringSchema("Why the answer ended, in the last content chunk; null before.")
					.ofEnum("stop", "length", "tool_calls", "content_filter", null)
					.nullable());
		chunk.addProperty("choices", array(choice, "One choice; none in the final usage chunk."));
		chunk.addProperty("usage", ref("Usage"));
		return chunk;
	}

	private static Schema<?> toolCall() {
		Schema<?> call = object("A tool call.", "id", "type", "function");
		call.addProperty("id", string("The call id."));
		call.addProperty("type", string("Always function."));
		Schema<?> function = object("The function and its arguments.", "name", "arguments");
		function.addProperty("name", string("The function name."));
		function.addProperty("arguments", string("The arguments, as a JSON string."));
		call.addProperty("function", function);
		return call;
	}

	private static Schema<?> usage() {
		Schema<?> usage = object("Token counts, as the upstream reported them.", "prompt_tokens", "completion_tokens",
				"total_tokens");
		usage.addProperty("prompt_tokens", integer("Tokens in the prompt, domain prompt included."));
		usage.addProperty("completion_tokens", integer("Tokens in the answer."));
		usage.addProperty("total_tokens", integer("Their sum."));
		return usage;
	}

	private static Schema<?> error() {
		Schema<?> error = object("What went wrong and what to do.", "message", "type", "param", "code");
		error.addProperty("message", string("A sentence for a human: what happened and what to change."));
		error.addProperty("type", string("OpenAI's error type, such as invalid_request_error."));
		error.addProperty("param", type("string", "null").description("The request field at fault, or null."));
		error.addProperty("code", type("string", "null").description("A stable machine-readable code, or null."));
		return object("OpenAI's error envelope, for every non-2xx answer and a stream's final error event.", "error")
			.addProperty("error", error);
	}

	private static Schema<?> finishReason() {
		return string("Why the answer ended.").ofEnum("stop", "length", "tool_calls", "content_filter");
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

		StringSchema nullable() {
			addType("null");
			return this;
		}

	}

}
