package com.intelia.llm.check;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.intelia.llm.provider.CallContext;
import com.intelia.llm.provider.UpstreamTimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/**
 * Calls LangChain4j's models the way the chat service does, within a deadline. The
 * gateway's transport applies no read timeout of its own (the chat service enforces
 * {@code LLM_TIMEOUT_SECONDS}), so a check that called the models bare could hang on a
 * server that accepts and never answers; past the deadline the call is cancelled through
 * its {@link CallContext}.
 */
final class TimedCalls {

	private static final Executor VIRTUAL = (task) -> Thread.ofVirtual().name("check-call").start(task);

	private final Duration timeout;

	TimedCalls(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * A blocking answer and its latency.
	 *
	 * @param response the answer
	 * @param totalNanos from the call to the whole answer
	 */
	record Blocking(ChatResponse response, long totalNanos) {
	}

	/**
	 * A streamed answer and its timings.
	 *
	 * @param response the assembled answer
	 * @param firstTokenNanos from the call to the first text
	 * @param totalNanos from the call to the end of the stream
	 * @param parts how many pieces of text arrived
	 */
	record Streamed(ChatResponse response, long firstTokenNanos, long totalNanos, int parts) {
	}

	Blocking chat(ChatModel model, ChatRequest request) {
		CallContext call = new CallContext();
		long start = System.nanoTime();
		CompletableFuture<ChatResponse> answer = CompletableFuture
			.supplyAsync(() -> call.bind(() -> model.chat(request)), VIRTUAL);
		return new Blocking(await(answer, call), System.nanoTime() - start);
	}

	Streamed stream(StreamingChatModel model, ChatRequest request) {
		CallContext call = new CallContext();
		Watch watch = new Watch(System.nanoTime());
		call.run(() -> model.chat(request, watch));
		ChatResponse response = await(watch.done, call);
		long firstToken = (watch.parts > 0) ? watch.firstTokenAt - watch.start : System.nanoTime() - watch.start;
		return new Streamed(response, firstToken, watch.endAt - watch.start, watch.parts);
	}

	private <T> T await(CompletableFuture<T> answer, CallContext call) {
		try {
			return answer.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			call.cancel();
			throw new UpstreamTimeoutException("total", "The upstream gave no complete answer within "
					+ this.timeout.toSeconds() + " s (LLM_TIMEOUT_SECONDS).");
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			call.cancel();
			Thread.currentThread().interrupt();
			throw new CancellationException("Check interrupted");
		}
	}

	/**
	 * Notes when the first text and the end arrive; callbacks come from the transport's
	 * thread.
	 */
	private static final class Watch implements StreamingChatResponseHandler {

		final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

		final long start;

		volatile long firstTokenAt;

		volatile long endAt;

		volatile int parts;

		Watch(long start) {
			this.start = start;
		}

		@Override
		public void onPartialResponse(String text) {
			if (this.parts++ == 0) {
				this.firstTokenAt = System.nanoTime();
			}
		}

		@Override
		public void onCompleteResponse(ChatResponse response) {
			this.endAt = System.nanoTime();
			this.done.complete(response);
		}

		@Override
		public void onError(Throwable error) {
			this.done.completeExceptionally(error);
		}

	}

}
