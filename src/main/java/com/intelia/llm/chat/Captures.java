package com.intelia.llm.chat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.intelia.llm.capture.Capture;
import com.intelia.llm.capture.CapturedCompletion;
import com.intelia.llm.exchange.ExchangeRecord;
import com.intelia.llm.resilience.Route;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands a successful answer to capture, for fine-tuning, when the caller's completions
 * are captured ({@code LLM_CAPTURE}, or the key's own flag). Only then is anything built:
 * the caller's messages and tools as they sent them, the system message the upstream
 * actually received, and the answer in OpenAI's shape, a stream joined into one message.
 * Capture queues it and never blocks; a failed answer is never captured.
 */
@Component
class Captures {

	private final Capture capture;

	private final JsonMapper json;

	Captures(Capture capture, JsonMapper json) {
		this.capture = capture;
		this.json = json;
	}

	/** Whether this caller's completions are captured; no I/O. */
	boolean wanted(@Nullable String keyName) {
		return this.capture.enabledFor(keyName);
	}

	/**
	 * Offers one finished answer.
	 * @param keyName the caller's key name
	 * @param body the request as the caller sent it
	 * @param prepared the request as translated, with its domain prompt
	 * @param route the upstream and model that answered
	 * @param completion the answer, as the caller received it (or would have, for a
	 * stream)
	 * @param record the request's record, for its timings
	 */
	void offer(@Nullable String keyName, JsonNode body, PreparedCall prepared, Route route, ChatCompletion completion,
			ExchangeRecord record) {
		long finished = System.nanoTime();
		this.capture.offer(keyName, () -> build(keyName, body, prepared, route, completion, record, finished));
	}

	private CapturedCompletion build(@Nullable String keyName, JsonNode body, PreparedCall prepared, Route route,
			ChatCompletion completion, ExchangeRecord record, long finished) {
		ChatCompletion.Choice choice = completion.choices().get(0);
		Usage usage = completion.usage();
		JsonNode tools = body.get("tools");
		long firstToken = record.timeToFirstTokenNanos();
		return new CapturedCompletion(completion.id(), Instant.now(), keyName, prepared.call().alias().id(),
				route.provider().id(), route.upstreamModel(), prepared.prompt().promptId(),
				prepared.prompt().promptVersion(), sentSystemPrompt(prepared), body.path("messages").toString(),
				(tools != null && !tools.isNull()) ? tools.toString() : null,
				this.json.writeValueAsString(choice.message()), choice.finishReason(),
				(usage != null) ? usage.promptTokens() : null, (usage != null) ? usage.completionTokens() : null,
				(firstToken >= 0) ? TimeUnit.NANOSECONDS.toMillis(firstToken) : -1,
				TimeUnit.NANOSECONDS.toMillis(finished - record.startedNanos()));
	}

	/**
	 * The leading system message the upstream received when a domain prompt was merged
	 * in: the prompt with the caller's own system content, as one message.
	 */
	private static @Nullable String sentSystemPrompt(PreparedCall prepared) {
		if (prepared.prompt().promptId() == null || prepared.prompt().messages().isEmpty()) {
			return null;
		}
		ChatMessage first = prepared.prompt().messages().get(0);
		return (first instanceof SystemMessage system) ? system.text() : null;
	}

}
