package com.intelia.llm.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.provider.LlmProvider;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;

/**
 * The upstream steps of the check, each run only if the one before passed: the provider's
 * probe (reachable, key accepted, nothing billed), then one tiny completion blocking (the
 * model answers with this key: on HuggingFace, a gated model or an unaccepted licence
 * fails here), then the same streamed. Failures are explained by the service's own
 * {@link LlmProvider#explain}, so the operator reads what a caller would.
 */
final class SmokeCheck {

	static final String PROBE = "upstream reachable";

	static final String BLOCKING = "model access (blocking)";

	static final String STREAMING = "streaming";

	private final LlmProvider provider;

	private final TimedCalls calls;

	private final ChatRequest request = ChatRequest.builder()
		.messages(UserMessage.from("Reply with the single word: ok"))
		.maxOutputTokens(8)
		.temperature(0.0)
		.build();

	SmokeCheck(LlmProvider provider, TimedCalls calls) {
		this.provider = provider;
		this.calls = calls;
	}

	/** Runs the steps in order; after a failure the rest are reported as skipped. */
	List<Step> run() {
		List<Step> steps = new ArrayList<>();
		step(steps, PROBE, this::probe);
		step(steps, BLOCKING, this::blocking);
		step(steps, STREAMING, this::streaming);
		return steps;
	}

	private static void step(List<Step> steps, String name, Supplier<Step> action) {
		boolean earlierFailed = steps.stream().anyMatch((step) -> step.outcome() != Step.Outcome.OK);
		steps.add(earlierFailed ? Step.skipped(name) : action.get());
	}

	private Step probe() {
		long start = System.nanoTime();
		try {
			this.provider.probe();
			return Step.ok(PROBE, "probe passed in " + millis(System.nanoTime() - start) + " ms");
		}
		catch (RuntimeException ex) {
			// The probe's own message names the URL it called (never the key).
			return failed(PROBE, ex, " [" + ex.getMessage() + "]");
		}
	}

	private Step blocking() {
		try {
			TimedCalls.Blocking answer = this.calls.chat(this.provider.chatModel(), this.request);
			return Step.ok(BLOCKING, "answered " + quoted(answer.response()) + " in " + millis(answer.totalNanos())
					+ " ms" + tokens(answer.response()));
		}
		catch (RuntimeException ex) {
			return failed(BLOCKING, ex, "");
		}
	}

	private Step streaming() {
		try {
			TimedCalls.Streamed answer = this.calls.stream(this.provider.streamingChatModel(), this.request);
			return Step.ok(STREAMING, "time to first token " + millis(answer.firstTokenNanos()) + " ms, total latency "
					+ millis(answer.totalNanos()) + " ms, " + answer.parts() + " parts, " + quoted(answer.response()));
		}
		catch (RuntimeException ex) {
			return failed(STREAMING, ex, "");
		}
	}

	/** Explains a failure exactly as the service would to a caller. */
	private Step failed(String name, RuntimeException failure, String suffix) {
		ApiException api = this.provider.explain(failure, this.provider.defaultUpstreamModel());
		return Step.fail(name, api.code(),
				"HTTP " + api.status().value() + " " + api.code() + ": " + api.getMessage() + suffix);
	}

	private static String quoted(ChatResponse response) {
		String text = (response.aiMessage().text() != null) ? response.aiMessage().text().strip() : "";
		return "\"" + ((text.length() > 40) ? text.substring(0, 40) + "…" : text) + "\"";
	}

	private static String tokens(ChatResponse response) {
		TokenUsage usage = response.tokenUsage();
		return (usage == null) ? ""
				: " (" + usage.inputTokenCount() + " prompt + " + usage.outputTokenCount() + " completion tokens)";
	}

	static long millis(long nanos) {
		return Math.round(nanos / 1_000_000.0);
	}

}
