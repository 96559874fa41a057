package com.intelia.llm.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.intelia.llm.provider.CallContext;
import com.intelia.llm.provider.FixedModelsProvider;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderFactory;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import org.springframework.boot.test.context.TestComponent;

/**
 * A provider ({@code scripted}) whose behaviour a test sets: which tokens to stream,
 * which failure to raise and when, or to hang until cancelled. It records what it
 * received and whether the call was cancelled, so tests can check the gateway's side of
 * the contract without a network.
 */
@TestComponent
public class ScriptedProvider implements ProviderFactory {

	/** What the next call does. */
	public record Script(List<String> tokens, RuntimeException failure, boolean failBeforeFirstToken, boolean hang) {

		public static Script answer(String... tokens) {
			return new Script(List.of(tokens), null, false, false);
		}

		public static Script failFirst(RuntimeException failure) {
			return new Script(List.of(), failure, true, false);
		}

		public static Script failAfter(RuntimeException failure, String... tokens) {
			return new Script(List.of(tokens), failure, false, false);
		}

		public static Script hangAfter(String... tokens) {
			return new Script(List.of(tokens), null, false, true);
		}

	}

	private static final AtomicReference<List<Script>> SCRIPTS = new AtomicReference<>(List.of(Script.answer("ok")));

	private static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

	private static final List<ChatRequest> RECEIVED = new CopyOnWriteArrayList<>();

	private static volatile CountDownLatch cancelled = new CountDownLatch(1);

	/**
	 * Sets what the next calls do, one script per call, the last repeating; and forgets
	 * what earlier calls received.
	 */
	public static void script(Script... scripts) {
		SCRIPTS.set(List.of(scripts));
		CALLS.set(0);
		RECEIVED.clear();
		cancelled = new CountDownLatch(1);
	}

	/** How many calls were made since the last {@link #script}. */
	public static int calls() {
		return CALLS.get();
	}

	private static Script next() {
		List<Script> scripts = SCRIPTS.get();
		int call = CALLS.getAndIncrement();
		return scripts.get(Math.min(call, scripts.size() - 1));
	}

	/** The requests received since the last {@link #script}. */
	public static List<ChatRequest> received() {
		return List.copyOf(RECEIVED);
	}

	/** Whether the gateway has cancelled the call since the last {@link #script}. */
	public static boolean cancelled() {
		return cancelled.getCount() == 0;
	}

	/** Waits for the gateway to cancel the call. */
	public static boolean awaitCancel(long millis) throws InterruptedException {
		return cancelled.await(millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public String id() {
		return "scripted";
	}

	@Override
	public LlmProvider create() {
		Model model = new Model();
		return new FixedModelsProvider("scripted", "scripted-default", model, model.streaming, true);
	}

	private static final class Model implements ChatModel {

		private final StreamingChatModel streaming = new StreamingChatModel() {
			@Override
			public ChatRequestParameters defaultRequestParameters() {
				return OpenAiChatRequestParameters.builder().build();
			}

			@Override
			public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
				RECEIVED.add(request);
				Script script = next();
				CallContext call = CallContext.current();
				call.onCancel(() -> cancelled.countDown());
				Thread.ofVirtual().start(() -> stream(script, call, handler));
			}
		};

		@Override
		public ChatRequestParameters defaultRequestParameters() {
			return OpenAiChatRequestParameters.builder().build();
		}

		@Override
		public ChatResponse doChat(ChatRequest request) {
			RECEIVED.add(request);
			Script script = next();
			CallContext call = CallContext.current();
			call.onCancel(() -> cancelled.countDown());
			if (script.failure() != null) {
				throw script.failure();
			}
			if (script.hang()) {
				sleepUntilCancelled(call);
				throw new IllegalStateException("cancelled");
			}
			return response(String.join("", script.tokens()));
		}

		private static void stream(Script script, CallContext call, StreamingChatResponseHandler handler) {
			if (script.failure() != null && script.failBeforeFirstToken()) {
				handler.onError(script.failure());
				return;
			}
			StreamingHandle handle = call.streamingHandle();
			for (String token : script.tokens()) {
				handler.onPartialResponse(new PartialResponse(token), new PartialResponseContext(handle));
			}
			if (script.failure() != null) {
				handler.onError(script.failure());
			}
			else if (script.hang()) {
				sleepUntilCancelled(call);
			}
			else {
				handler.onCompleteResponse(response(String.join("", script.tokens())));
			}
		}

		/** Hangs as an upstream that never answers would, until the call is cancelled. */
		private static void sleepUntilCancelled(CallContext call) {
			CountDownLatch cancelled = new CountDownLatch(1);
			call.onCancel(cancelled::countDown);
			try {
				cancelled.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private static ChatResponse response(String text) {
			return ChatResponse.builder()
				.aiMessage(AiMessage.from(text))
				.metadata(ChatResponseMetadata.builder()
					.id("chatcmpl-scripted")
					.finishReason(FinishReason.STOP)
					.tokenUsage(new TokenUsage(7, 3))
					.build())
				.build();
		}

	}

}
