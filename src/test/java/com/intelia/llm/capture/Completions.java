package com.intelia.llm.capture;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds captured completions for tests, with JSON written by Jackson, not by hand. */
final class Completions {

	/** A chat request for the test alias, as a caller sends it. */
	static final String CHAT_REQUEST = """
			{"model":"intelia-llama-3.1-8b-aviculture","messages":[{"role":"user","content":"Bonjour"}]}""";

	private static final AtomicInteger ids = new AtomicInteger();

	private final ArrayNode messages = CaptureRig.JSON.createArrayNode();

	// Zero-padded, so that ids sort as they were made: exports order rows of the same
	// millisecond by id, and classes running in parallel draw from the same counter.
	private String id = "chatcmpl-test-%09d".formatted(ids.incrementAndGet());

	private Instant createdAt = Instant.now();

	private @Nullable String key;

	private String alias = "intelia-llama-3.1-8b-aviculture";

	private @Nullable String promptVersion = "v1";

	private @Nullable String systemPrompt;

	private @Nullable String tools;

	private ObjectNode answer = assistant("Entre 26 et 28 °C.");

	static Completions completion() {
		return new Completions();
	}

	/** A simple exchange: one question, one answer. */
	static CapturedCompletion simple(String question, String answer) {
		return completion().user(question).answer(answer).build();
	}

	Completions id(String value) {
		this.id = value;
		return this;
	}

	Completions at(Instant value) {
		this.createdAt = value;
		return this;
	}

	Completions key(@Nullable String value) {
		this.key = value;
		return this;
	}

	Completions alias(String value) {
		this.alias = value;
		return this;
	}

	Completions promptVersion(@Nullable String value) {
		this.promptVersion = value;
		return this;
	}

	/** The system message sent upstream (domain prompt with the caller's context). */
	Completions sent(String value) {
		this.systemPrompt = value;
		return this;
	}

	Completions tools(String json) {
		this.tools = json;
		return this;
	}

	Completions message(String role, String content) {
		this.messages.addObject().put("role", role).put("content", content);
		return this;
	}

	Completions system(String content) {
		return message("system", content);
	}

	Completions user(String content) {
		return message("user", content);
	}

	Completions assistantTurn(String content) {
		return message("assistant", content);
	}

	/** A message given as raw JSON (tool calls, tool results, content parts). */
	Completions raw(String json) {
		this.messages.add(CaptureRig.JSON.readTree(json));
		return this;
	}

	Completions answer(String content) {
		this.answer = assistant(content);
		return this;
	}

	Completions answerJson(String json) {
		this.answer = (ObjectNode) CaptureRig.JSON.readTree(json);
		return this;
	}

	CapturedCompletion build() {
		return new CapturedCompletion(this.id, this.createdAt, this.key, this.alias, "simulator", "sim-model",
				(this.promptVersion != null) ? "aviculture" : null, this.promptVersion, this.systemPrompt,
				CaptureRig.JSON.writeValueAsString(this.messages), this.tools,
				CaptureRig.JSON.writeValueAsString(this.answer), "stop", 12, 7, -1, 340);
	}

	private static ObjectNode assistant(String content) {
		return CaptureRig.JSON.createObjectNode().put("role", "assistant").put("content", content);
	}

}
