package com.intelia.llm.apidocs;

import java.util.Arrays;
import java.util.Map;

import io.swagger.v3.oas.models.media.Schema;

/**
 * What the generated answer schemas cannot learn from the records: a description for
 * readers, and the values OpenAI fixes ({@code object}, {@code finish_reason}). Naming a
 * schema or property the records no longer have fails the document, so these notes cannot
 * outlive the records they describe.
 */
final class WireNotes {

	private static final String[] FINISH_REASONS = { "stop", "length", "tool_calls", "content_filter" };

	private WireNotes() {
	}

	@SuppressWarnings("rawtypes")
	static void apply(Map<String, Schema> schemas) {
		Notes notes = new Notes(schemas);
		completion(notes);
		chunk(notes);
		notes.on("Usage", "Token counts, as the upstream reported them.")
			.property("prompt_tokens", "Tokens in the prompt, domain prompt included.")
			.property("completion_tokens", "Tokens in the answer.")
			.property("total_tokens", "Their sum.");
		notes.on("ErrorResponse", "OpenAI's error envelope, for every non-2xx answer and a stream's final error event.")
			.property("error", "What went wrong and what to do.");
		notes.on("ErrorResponse.Error", "What went wrong and what to do.")
			.property("message", "A sentence for a human: what happened and what to change.")
			.property("type", "OpenAI's error type, such as invalid_request_error.")
			.property("param", "The request field at fault, or null.")
			.property("code", "A stable machine-readable code, or null.");
	}

	private static void completion(Notes notes) {
		notes.on("ChatCompletion", "OpenAI's chat.completion object.")
			.property("id", "The completion id.")
			.fixed("object", "chat.completion")
			.property("created", "Epoch seconds.")
			.property("model", "The alias the caller asked for.")
			.property("choices", "One choice.")
			.property("usage", "Token counts.")
			.property("system_fingerprint", "The upstream's fingerprint, when it gives one.");
		notes.on("ChatCompletion.Choice", "The single choice.")
			.property("index", "Always 0.")
			.property("message", "The assistant's message.")
			.property("logprobs", "Always null: log probabilities are not carried.")
			.oneOf("finish_reason", "Why the answer ended.", FINISH_REASONS);
		notes.on("ChatCompletion.Message", "The assistant's message.")
			.fixed("role", "assistant")
			.property("content", "The text; null for tool calls only.")
			.property("refusal", "Always null.")
			.property("tool_calls", "Tool calls, if any.");
		notes.on("ChatCompletion.ToolCall", "A tool call.")
			.property("id", "The call id.")
			.fixed("type", "function")
			.property("function", "The function and its arguments.");
		notes.on("ChatCompletion.FunctionCall", "The function and its arguments.")
			.property("name", "The function name.")
			.property("arguments", "The arguments, as a JSON string.");
	}

	private static void chunk(Notes notes) {
		notes.on("ChatCompletionChunk", "One server-sent event of a stream: OpenAI's chat.completion.chunk.")
			.property("id", "The same in every chunk of a stream.")
			.fixed("object", "chat.completion.chunk")
			.property("created", "Epoch seconds, the same in every chunk.")
			.property("model", "The alias the caller asked for.")
			.property("choices", "One choice; none in the final usage chunk.")
			.property("usage", "Token counts, in the final usage chunk only.");
		notes.on("ChatCompletionChunk.Choice", "One choice of a chunk.")
			.property("index", "Always 0.")
			.property("delta", "What this chunk adds.")
			.property("logprobs", "Always null.")
			.oneOf("finish_reason", "Why the answer ended, in the last content chunk; null before.",
					Arrays.copyOf(FINISH_REASONS, FINISH_REASONS.length + 1));
		notes.on("ChatCompletionChunk.Delta", "What this chunk adds.")
			.property("role", "assistant, in the first chunk only.")
			.property("content", "A piece of text.")
			.property("tool_calls", "Pieces of tool calls.");
		notes
			.on("ChatCompletionChunk.ToolCallDelta",
					"A piece of a tool call: id, type and name come in the first piece of each call only.")
			.property("index", "Which call this piece belongs to.")
			.property("id", "The call id, first piece only.")
			.property("type", "function, first piece only.")
			.property("function", "The name (first piece) and a piece of the arguments.");
		notes.on("ChatCompletionChunk.FunctionDelta", "A piece of a function call.")
			.property("name", "The function name, first piece only.")
			.property("arguments", "A piece of the JSON arguments.");
	}

	/** Notes on the schemas, failing on a schema or property that is not there. */
	@SuppressWarnings("rawtypes")
	private record Notes(Map<String, Schema> schemas) {

		On on(String name, String description) {
			Schema schema = this.schemas.get(name);
			if (schema == null) {
				throw new IllegalStateException("No schema " + name + " among " + this.schemas.keySet());
			}
			schema.setDescription(description);
			return new On(name, schema);
		}

	}

	/** The notes on one schema. */
	@SuppressWarnings("rawtypes")
	private record On(String name, Schema schema) {

		On property(String property, String description) {
			find(property).setDescription(description);
			return this;
		}

		/** A value OpenAI fixes: {@code const}, described as such. */
		@SuppressWarnings("unchecked")
		On fixed(String property, String value) {
			find(property).description("Always " + value + ".")._const(value);
			return this;
		}

		/** The values OpenAI allows; a null among them when the record writes nulls. */
		@SuppressWarnings("unchecked")
		On oneOf(String property, String description, String... values) {
			find(property).description(description).setEnum(Arrays.asList(values));
			return this;
		}

		private Schema find(String property) {
			Schema found = (this.schema.getProperties() != null) ? (Schema) this.schema.getProperties().get(property)
					: null;
			if (found == null) {
				throw new IllegalStateException("No property " + property + " in " + this.name);
			}
			return found;
		}

	}

}
