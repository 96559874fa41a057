package com.intelia.llm.chat;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import org.jspecify.annotations.Nullable;

/**
 * Turns LangChain4j's streaming callbacks, which arrive on the upstream's thread, into a
 * queue that the request's own thread drains and writes. Only that one thread ever writes
 * to the client, so writes need no lock. The first terminal event wins: LangChain4j may
 * report an error and then a completion for the same dropped stream.
 */
final class StreamBridge implements StreamingChatResponseHandler {

	/** One thing that happened upstream. */
	sealed interface Event permits Text, ToolPiece, ToolDone, Done, Failed, Tick {

	}

	/** A piece of text. */
	record Text(String text) implements Event {
	}

	/** A piece of a tool call. */
	record ToolPiece(PartialToolCall call) implements Event {
	}

	/** A tool call is complete. */
	record ToolDone(CompleteToolCall call) implements Event {
	}

	/** The answer is complete. */
	record Done(ChatResponse response) implements Event {
	}

	/** The upstream failed. */
	record Failed(Throwable error) implements Event {
	}

	/** Time passed: the {@link StreamClock}'s tick, at most one waiting at a time. */
	enum Tick implements Event {

		TICK

	}

	private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final AtomicBoolean ended = new AtomicBoolean();

	private final AtomicBoolean tickWaiting = new AtomicBoolean();

	@Override
	public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
		if (!this.ended.get() && partial.text() != null && !partial.text().isEmpty()) {
			this.events.add(new Text(partial.text()));
		}
	}

	@Override
	public void onPartialToolCall(PartialToolCall call, PartialToolCallContext context) {
		if (!this.ended.get()) {
			this.events.add(new ToolPiece(call));
		}
	}

	@Override
	public void onCompleteToolCall(CompleteToolCall call) {
		if (!this.ended.get()) {
			this.events.add(new ToolDone(call));
		}
	}

	@Override
	public void onCompleteResponse(ChatResponse response) {
		if (this.ended.compareAndSet(false, true)) {
			this.events.add(new Done(response));
		}
	}

	@Override
	public void onError(Throwable error) {
		if (this.ended.compareAndSet(false, true)) {
			this.events.add(new Failed(error));
		}
	}

	/** Queues a tick, unless one is already waiting. */
	void tick() {
		if (this.tickWaiting.compareAndSet(false, true)) {
			try {
				this.events.add(Tick.TICK);
			}
			catch (Throwable ex) {
				this.tickWaiting.set(false);
				throw ex;
			}
		}
	}

	/**
	 * The next event, waiting as long as it takes: ticks come while the stream is open.
	 */
	Event take() throws InterruptedException {
		return received(this.events.take());
	}

	/** A tick taken off the queue lets the clock queue the next one. */
	private <E extends @Nullable Event> E received(E event) {
		if (event == Tick.TICK) {
			this.tickWaiting.set(false);
		}
		return event;
	}

	/** The next event if one is already waiting, else null. */
	@Nullable Event pollNow() {
		return received(this.events.poll());
	}

	/** The next event, or null if none came within the wait. */
	@Nullable Event poll(long nanos) throws InterruptedException {
		return received(this.events.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS));
	}

}
