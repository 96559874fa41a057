package com.intelia.llm.chat;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.intelia.llm.chat.StreamBridge.Done;
import com.intelia.llm.chat.StreamBridge.Event;
import com.intelia.llm.chat.StreamBridge.Failed;
import com.intelia.llm.chat.StreamBridge.Text;
import com.intelia.llm.chat.StreamBridge.Tick;
import com.intelia.llm.chat.StreamBridge.ToolDone;
import com.intelia.llm.chat.StreamBridge.ToolPiece;
import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.ErrorType;
import com.intelia.llm.error.ErrorWriter;
import com.intelia.llm.exchange.ExchangeRecord;
import com.intelia.llm.provider.CallContext;
import com.intelia.llm.provider.ClientGone;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.UpstreamTimeoutException;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import com.intelia.llm.web.ClientConnection;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives one streamed answer on the request's own (virtual) thread. Nothing is committed
 * until the first token, so an upstream that fails early gives the caller a real HTTP
 * error. After that, a failure becomes a final {@code data: {"error":…}} event with no
 * {@code [DONE]}, and a client that leaves cancels the upstream.
 */
final class StreamSession {

	/**
	 * How long the upstream may be silent before a keep-alive comment probes the client.
	 */
	private static final long PROBE_NANOS = ChatCompletionService.PROBE_NANOS;

	private final StreamBridge bridge;

	private final CallContext context;

	private final ChunkFactory chunks;

	private final LlmProperties.Timeouts timeouts;

	/** The provider serving the stream, which explains its failures. */
	private final LlmProvider provider;

	private final String upstreamModel;

	private final ExchangeRecord record;

	private final boolean includeUsage;

	private final JsonMapper json;

	private final Set<Integer> startedToolCalls = new HashSet<>();

	private final long startedNanos = System.nanoTime();

	/**
	 * When the whole request must be done: set on arrival, so retries do not extend it.
	 */
	private final long deadlineNanos;

	private long lastEventNanos = this.startedNanos;

	private @Nullable SseWriter writer;

	private ChunkFactory.@Nullable TextTemplate textTemplate;

	private @Nullable Consumer<ChatCompletion> onComplete;

	StreamSession(StreamBridge bridge, CallContext context, String model, boolean includeUsage,
			LlmProperties.Timeouts timeouts, long deadlineNanos, LlmProvider provider, String upstreamModel,
			ExchangeRecord record, JsonMapper json) {
		this.deadlineNanos = deadlineNanos;
		this.json = json;
		this.bridge = bridge;
		this.context = context;
		this.chunks = new ChunkFactory(model);
		this.includeUsage = includeUsage;
		this.timeouts = timeouts;
		this.provider = provider;
		this.upstreamModel = upstreamModel;
		this.record = record;
	}

	/**
	 * Waits for the first event. A failure or a timeout before it throws, so the caller
	 * gets a plain HTTP error; otherwise the event is returned for {@link #run} to write.
	 * Nothing is written while waiting, so between short waits the client's connection is
	 * probed instead, and a client that left cancels the upstream.
	 */
	Event awaitFirst(ClientConnection client) throws InterruptedException {
		long firstDeadline = this.startedNanos + TimeUnit.SECONDS.toNanos(this.timeouts.firstTokenSeconds());
		long deadline = Math.min(firstDeadline, totalDeadline());
		Event first = null;
		try {
			while (first == null) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					this.context.cancel();
					throw timeout(firstDeadline <= totalDeadline());
				}
				first = this.bridge.poll(Math.min(PROBE_NANOS, remaining));
				if (first == null && client.closed()) {
					this.context.cancel();
					throw new ClientGone();
				}
			}
		}
		catch (InterruptedException ex) {
			this.context.cancel();
			throw ex;
		}
		if (first instanceof Failed failed) {
			this.context.cancel();
			throw (failed.error() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(failed.error());
		}
		this.record.firstToken();
		return first;
	}

	/**
	 * Asks to be handed the whole answer, joined into one completion, once the stream has
	 * ended well.
	 */
	void onComplete(Consumer<ChatCompletion> listener) {
		this.onComplete = listener;
	}

	/**
	 * Writes the stream from its first event to the end, and completes the request's
	 * record just before the last bytes go out.
	 */
	void run(Event first, HttpServletResponse response) throws InterruptedException {
		try {
			this.writer = new SseWriter(response.getOutputStream(), this.json);
			this.textTemplate = this.chunks.textTemplate(this.json);
			this.writer.data(this.chunks.role());
			StreamClock.start(this.bridge);
			Event event = first;
			boolean unsent = true;
			while (true) {
				if (event instanceof Tick) {
					onTick();
				}
				else {
					if (write(event)) {
						return;
					}
					this.lastEventNanos = System.nanoTime();
					unsent = true;
				}
				// Write every event already waiting, then send them in one go.
				event = this.bridge.pollNow();
				if (event == null) {
					if (unsent) {
						this.writer.flush();
						unsent = false;
					}
					event = this.bridge.take();
				}
			}
		}
		catch (IOException ex) {
			this.context.cancel();
			this.record.clientDisconnected();
			end(ErrorType.CLIENT_DISCONNECT.label());
		}
		catch (ApiException ex) {
			this.context.cancel();
			fail(ex);
		}
		catch (InterruptedException ex) {
			this.context.cancel();
			throw ex;
		}
		finally {
			StreamClock.stop(this.bridge);
		}
	}

	/**
	 * Completes the record of the stream: a stream that started is a 200, whatever
	 * happened after. Upstream time runs from the first attempt, so retries count as
	 * upstream time, not gateway overhead.
	 */
	private void end(@Nullable String errorType) {
		long requestStart = this.deadlineNanos - TimeUnit.SECONDS.toNanos(this.timeouts.totalSeconds());
		this.record.upstreamNanos(System.nanoTime() - requestStart);
		this.record.complete(200, errorType);
	}

	/**
	 * On each tick of the {@link StreamClock}: fails the stream past its idle or total
	 * limit, and probes the client with a keep-alive when the upstream has been silent.
	 */
	private void onTick() throws IOException {
		long now = System.nanoTime();
		long idleDeadline = this.lastEventNanos + TimeUnit.SECONDS.toNanos(this.timeouts.idleSeconds());
		long deadline = Math.min(idleDeadline, totalDeadline());
		if (now >= deadline) {
			throw this.provider.explain(timeout(false, deadline == idleDeadline), this.upstreamModel);
		}
		if (now - this.lastEventNanos >= PROBE_NANOS) {
			this.writer.keepAlive();
		}
	}

	/** Writes one event; returns whether the stream has ended. */
	private boolean write(Event event) throws IOException {
		switch (event) {
			case Text text -> this.writer.text(this.textTemplate, text.text());
			case ToolPiece piece -> {
				boolean first = this.startedToolCalls.add(piece.call().index());
				this.writer.data(this.chunks.toolCall(piece.call().index(), first ? piece.call().id() : null,
						first ? piece.call().name() : null, piece.call().partialArguments()));
			}
			case ToolDone done -> writeUnstartedCall(done.call().index(), done.call().toolExecutionRequest());
			case Done done -> {
				finish(done.response());
				return true;
			}
			case Failed failed -> {
				fail(this.provider.explain(failed.error(), this.upstreamModel));
				return true;
			}
			case Tick tick -> {
				// Ticks are handled before writing.
			}
		}
		return false;
	}

	private void writeUnstartedCall(int index, ToolExecutionRequest call) throws IOException {
		if (this.startedToolCalls.add(index)) {
			String arguments = (call.arguments() == null) ? "" : call.arguments();
			this.writer.data(this.chunks.toolCall(index, call.id(), call.name(), arguments));
		}
	}

	private void finish(ChatResponse response) throws IOException {
		ContentLog.answer(String.valueOf(response.aiMessage()));
		List<ToolExecutionRequest> calls = response.aiMessage().hasToolExecutionRequests()
				? response.aiMessage().toolExecutionRequests() : List.of();
		for (int index = 0; index < calls.size(); index++) {
			writeUnstartedCall(index, calls.get(index));
		}
		this.writer.data(this.chunks.finish(ResponseMapper.finishReason(response.finishReason(), !calls.isEmpty())));
		Usage usage = ResponseMapper.usage(response.tokenUsage());
		this.record.tokens(Usage.tokens(usage));
		if (this.includeUsage && usage != null) {
			this.writer.data(this.chunks.usage(usage));
		}
		if (this.onComplete != null) {
			this.onComplete.accept(this.chunks.joined(response));
		}
		end(null);
		this.writer.done();
	}

	/**
	 * A final error event; no {@code [DONE]} follows, so no client takes the answer as
	 * whole.
	 */
	private void fail(ApiException error) {
		this.context.cancel();
		end(ErrorType.of(error).label());
		try {
			this.writer.event(ErrorWriter.json(error));
			this.writer.flush();
		}
		catch (IOException ex) {
			// The client left too; the record already says how the stream ended.
		}
	}

	private long totalDeadline() {
		return this.deadlineNanos;
	}

	private UpstreamTimeoutException timeout(boolean firstToken) {
		return timeout(firstToken, false);
	}

	private UpstreamTimeoutException timeout(boolean firstToken, boolean idle) {
		if (firstToken) {
			return new UpstreamTimeoutException("first_token", "The upstream sent no token within "
					+ this.timeouts.firstTokenSeconds() + " s (LLM_FIRST_TOKEN_TIMEOUT_SECONDS).");
		}
		if (idle) {
			return new UpstreamTimeoutException("idle", "The upstream stream was silent for "
					+ this.timeouts.idleSeconds() + " s (LLM_IDLE_TIMEOUT_SECONDS).");
		}
		return new UpstreamTimeoutException("total",
				"The upstream did not finish within " + this.timeouts.totalSeconds() + " s (LLM_TIMEOUT_SECONDS).");
	}

}
