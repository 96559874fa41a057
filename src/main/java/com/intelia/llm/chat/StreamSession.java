package com.intelia.llm.chat;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import com.intelia.llm.chat.StreamBridge.Done;
import com.intelia.llm.chat.StreamBridge.Event;
import com.intelia.llm.chat.StreamBridge.Failed;
import com.intelia.llm.chat.StreamBridge.Text;
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
import com.intelia.llm.provider.ReadBatch;
import com.intelia.llm.web.ClientConnection;
import com.intelia.llm.web.RequestIds;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives one streamed answer. Nothing is committed until the first token, so an upstream
 * that fails early gives the caller a real HTTP error: the request's thread waits for it.
 * Then the request goes asynchronous and its thread is let go: the upstream's thread
 * writes each event to the client as it reads it ({@link #relay}). A failure becomes a
 * final {@code data: {"error":…}} event with no {@code [DONE]}, and a client that leaves
 * cancels the upstream.
 * <p>
 * Why not keep the request's thread writing, as before: each token then crossed from the
 * upstream's thread to the request's through a queue, and every stream in flight held two
 * parked threads' stacks, the request's under the whole filter chain. With a thousand
 * streams that was a quarter of their live heap and a tenth of the CPU
 * (docs/performance.md).
 * <p>
 * Everything written after the first event is written with the bridge's lock held: the
 * upstream's events, and the keep-alives, timeouts and flushes of the {@link StreamClock}
 * ticks. The lock also makes the end happen once.
 */
final class StreamSession {

	private static final Logger log = LoggerFactory.getLogger(StreamSession.class);

	/**
	 * How long the upstream may be silent before a keep-alive comment probes the client.
	 */
	private static final long PROBE_NANOS = ChatCompletionService.PROBE_NANOS;

	/**
	 * How much longer than the total timeout the container waits before ending a stream
	 * itself: a backstop, as the {@link StreamClock} ends it first.
	 */
	private static final long BACKSTOP_MILLIS = 30_000;

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

	private volatile long lastEventNanos = this.startedNanos;

	/** Whether events were written and not sent yet. */
	private volatile boolean unsent;

	/** Set under the lock once the stream's end is written or decided. */
	private volatile boolean ended;

	/** Whether a tick's action is under way. */
	private final AtomicBoolean acting = new AtomicBoolean();

	private final Runnable sendUnsent = this::sendUnsent;

	/** The thread events last came on, and its read batch; guarded by the lock. */
	private @Nullable Thread batchThread;

	private @Nullable ReadBatch batch;

	private @Nullable AsyncContext async;

	private String requestId = "unknown";

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
	 * Starts the relay: writes the first event and those already waiting, hands the
	 * stream over to the upstream's thread and returns, leaving the request asynchronous
	 * until the stream ends. The record is completed just before the last bytes go out.
	 */
	void relay(Event first, HttpServletRequest request, HttpServletResponse response) throws IOException {
		// Wrappers decide their last headers when the body starts; the relay then writes
		// to the container's own stream, which does not check its state on each write.
		AsyncContext async;
		try {
			response.getOutputStream();
			async = request.startAsync();
			async.setTimeout(TimeUnit.SECONDS.toMillis(this.timeouts.totalSeconds()) + BACKSTOP_MILLIS);
			async.addListener(new Ending());
		}
		catch (IOException | RuntimeException ex) {
			this.context.cancel();
			throw ex;
		}
		this.async = async;
		this.requestId = RequestIds.current(request);
		ReentrantLock lock = this.bridge.lock();
		lock.lock();
		try {
			this.writer = new SseWriter(async.getResponse().getOutputStream(), this.json);
			this.textTemplate = this.chunks.textTemplate(this.json);
			this.writer.data(this.chunks.role());
			boolean over = write(first);
			for (Event waiting : this.bridge.handOver(this::event)) {
				over = over || write(waiting);
			}
			if (over) {
				close();
				return;
			}
			this.lastEventNanos = System.nanoTime();
			this.writer.flush();
			StreamClock.start(this);
		}
		catch (IOException ex) {
			clientLeft();
		}
		catch (RuntimeException ex) {
			broke(ex);
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * An event from the upstream, on its thread, with the lock held. It is sent before
	 * the upstream's thread next waits for bytes, so events read together go out in one
	 * write, and a lone one at once.
	 */
	private void event(Event event) {
		if (this.ended) {
			return;
		}
		try {
			if (write(event)) {
				close();
				return;
			}
			this.lastEventNanos = System.nanoTime();
			ReadBatch batch = batch();
			if (batch == null) {
				this.writer.flush();
			}
			else {
				this.unsent = true;
				batch.beforeWait(this.sendUnsent);
			}
		}
		catch (IOException ex) {
			clientLeft();
		}
		catch (RuntimeException ex) {
			broke(ex);
		}
	}

	/**
	 * The read batch of the thread the events come on, looked up once per thread: a
	 * thread-local lookup per token was a percent of the relay's CPU.
	 */
	private @Nullable ReadBatch batch() {
		Thread current = Thread.currentThread();
		if (this.batchThread != current) {
			this.batchThread = current;
			this.batch = ReadBatch.current();
		}
		return this.batch;
	}

	/** Sends what was written and not sent yet; on the upstream's thread. */
	private void sendUnsent() {
		ReentrantLock lock = this.bridge.lock();
		lock.lock();
		try {
			flushUnsent();
		}
		catch (IOException ex) {
			clientLeft();
		}
		finally {
			lock.unlock();
		}
	}

	private void flushUnsent() throws IOException {
		if (this.unsent && !this.ended) {
			this.unsent = false;
			this.writer.flush();
		}
	}

	/**
	 * A tick of the {@link StreamClock}, on its thread: only looks, and when a limit has
	 * passed, the upstream has been silent or something waits to be sent, acts on a
	 * thread of its own, as writing may block.
	 */
	void tick() {
		if (this.ended || this.acting.get()) {
			return;
		}
		long now = System.nanoTime();
		boolean due = now >= deadline() || now - this.lastEventNanos >= PROBE_NANOS || this.unsent;
		if (due && this.acting.compareAndSet(false, true)) {
			Thread.ofVirtual().name("stream-tick").start(this::onTick);
		}
	}

	/**
	 * Fails the stream past its idle or total limit, sends what a transport left unsent,
	 * and probes the client with a keep-alive when the upstream has been silent.
	 */
	private void onTick() {
		ReentrantLock lock = this.bridge.lock();
		lock.lock();
		try {
			if (this.ended) {
				return;
			}
			long now = System.nanoTime();
			long deadline = deadline();
			if (now >= deadline) {
				fail(this.provider.explain(timeout(false, deadline != totalDeadline()), this.upstreamModel));
				close();
				return;
			}
			flushUnsent();
			if (now - this.lastEventNanos >= PROBE_NANOS) {
				this.writer.keepAlive();
			}
		}
		catch (IOException ex) {
			clientLeft();
		}
		catch (RuntimeException ex) {
			broke(ex);
		}
		finally {
			this.acting.set(false);
			lock.unlock();
		}
	}

	/** When the stream fails for silence or length: whichever limit comes first. */
	private long deadline() {
		return Math.min(this.lastEventNanos + TimeUnit.SECONDS.toNanos(this.timeouts.idleSeconds()), totalDeadline());
	}

	/** The client left: the upstream is cancelled and the record says so. */
	private void clientLeft() {
		if (!this.ended) {
			this.context.cancel();
			this.record.clientDisconnected();
			end(ErrorType.CLIENT_DISCONNECT.label());
			close();
		}
	}

	/**
	 * The relay itself failed: the client gets an error event if it can still take one,
	 * and the stream ends.
	 */
	private void broke(RuntimeException ex) {
		log.warn("A stream's relay failed ({}); the stream ends with an error event", ex.getClass().getName());
		if (!this.ended) {
			fail(new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "api_error", "internal_error", null,
					"The gateway failed while relaying the stream."));
			close();
		}
	}

	/** Ends the stream: nothing more is written, and the request completes. */
	private void close() {
		this.ended = true;
		StreamClock.stop(this);
		AsyncContext async = this.async;
		if (async != null) {
			async.complete();
		}
	}

	/**
	 * How the container ends the request: after {@link #close}, or on its own when the
	 * connection failed or the backstop timeout passed. Either way, the upstream is
	 * cancelled and the record completed once.
	 */
	private final class Ending implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			ended(ErrorType.CLIENT_DISCONNECT);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			ended(ErrorType.TIMEOUT);
			event.getAsyncContext().complete();
		}

		@Override
		public void onError(AsyncEvent event) {
			// The container completes the request next; it is recorded then.
			StreamSession.this.context.cancel();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// Started once, by the relay.
		}

		private void ended(ErrorType cause) {
			ReentrantLock lock = StreamSession.this.bridge.lock();
			lock.lock();
			try {
				// A stream that ended well is left alone: its upstream connection may
				// still be on its way back to the pool.
				if (!StreamSession.this.ended) {
					StreamSession.this.ended = true;
					StreamSession.this.context.cancel();
					if (cause == ErrorType.CLIENT_DISCONNECT) {
						StreamSession.this.record.clientDisconnected();
					}
					end(cause.label());
				}
				StreamClock.stop(StreamSession.this);
			}
			finally {
				lock.unlock();
			}
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
		// On the upstream's thread, which has no request id of its own to log with.
		String threadsId = MDC.get("requestId");
		MDC.put("requestId", this.requestId);
		try {
			ContentLog.answer(String.valueOf(response.aiMessage()));
		}
		finally {
			if (threadsId == null) {
				MDC.remove("requestId");
			}
			else {
				MDC.put("requestId", threadsId);
			}
		}
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
