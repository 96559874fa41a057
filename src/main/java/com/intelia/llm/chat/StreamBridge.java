package com.intelia.llm.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import org.jspecify.annotations.Nullable;

/**
 * Takes LangChain4j's streaming callbacks, which arrive on the upstream's thread. Until
 * the first event has been answered, they wait in a queue that the request's thread
 * reads, so that a failure before it can still be answered with a real HTTP status and
 * the call retried. Then the stream is {@linkplain #handOver handed over}: every later
 * event goes straight to the relay on the upstream's thread, with no hand-off to another
 * thread per token. One lock orders the events and everything else the relay writes. The
 * first terminal event wins: LangChain4j may report an error and then a completion for
 * the same dropped stream.
 */
final class StreamBridge implements StreamingChatResponseHandler {

	/** One thing that happened upstream. */
	sealed interface Event permits Text, ToolPiece, ToolDone, Done, Failed {

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

	/** Where events go once the stream is handed over; called with the lock held. */
	@FunctionalInterface
	interface Relay {

		void event(Event event);

	}

	private final ReentrantLock lock = new ReentrantLock();

	private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final AtomicBoolean ended = new AtomicBoolean();

	/** Guarded by the lock. */
	private @Nullable Relay relay;

	@Override
	public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
		if (!this.ended.get() && partial.text() != null && !partial.text().isEmpty()) {
			deliver(new Text(partial.text()));
		}
	}

	@Override
	public void onPartialToolCall(PartialToolCall call, PartialToolCallContext context) {
		if (!this.ended.get()) {
			deliver(new ToolPiece(call));
		}
	}

	@Override
	public void onCompleteToolCall(CompleteToolCall call) {
		if (!this.ended.get()) {
			deliver(new ToolDone(call));
		}
	}

	@Override
	public void onCompleteResponse(ChatResponse response) {
		if (this.ended.compareAndSet(false, true)) {
			deliver(new Done(response));
		}
	}

	@Override
	public void onError(Throwable error) {
		if (this.ended.compareAndSet(false, true)) {
			deliver(new Failed(error));
		}
	}

	private void deliver(Event event) {
		this.lock.lock();
		try {
			if (this.relay != null) {
				this.relay.event(event);
			}
			else {
				this.events.add(event);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The lock that orders the events: whoever writes to the stream's client holds it.
	 */
	ReentrantLock lock() {
		return this.lock;
	}

	/**
	 * From now on, events go to {@code relay} as they come. Must be called with the lock
	 * held.
	 * @return the events that came before, in order, for the caller to write first
	 */
	List<Event> handOver(Relay relay) {
		List<Event> waiting = new ArrayList<>();
		this.events.drainTo(waiting);
		this.relay = relay;
		return waiting;
	}

	/** The next event, or null if none came within the wait. */
	@Nullable Event poll(long nanos) throws InterruptedException {
		return this.events.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
	}

}
