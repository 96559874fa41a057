package com.intelia.llm.chat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One clock for every open stream: each {@link ChatCompletionService#PROBE_NANOS} it
 * gives each stream a tick, on which the stream checks its idle and total limits and
 * sends a keep-alive if the upstream has been silent. A tick only looks: a stream with
 * something to do does it on a thread of its own, so one stuck client never holds up the
 * others' ticks.
 * <p>
 * Why not a timed wait per stream: each timed park of a virtual thread sets and cancels a
 * timer in the JDK's scheduler, once per token per stream. With a thousand streams that
 * was a tenth of the gateway's CPU (docs/performance.md). Streams now wait for their next
 * event without a timeout, and the clock's 4 ticks a second per stream are a small
 * fraction of their tokens.
 */
final class StreamClock {

	private static final Set<StreamSession> STREAMS = ConcurrentHashMap.newKeySet();

	static {
		ScheduledExecutorService clock = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("stream-clock").factory());
		clock.scheduleAtFixedRate(StreamClock::tick, ChatCompletionService.PROBE_NANOS,
				ChatCompletionService.PROBE_NANOS, TimeUnit.NANOSECONDS);
	}

	private StreamClock() {
	}

	/** Ticks this stream until {@link #stop}. */
	static void start(StreamSession stream) {
		STREAMS.add(stream);
	}

	static void stop(StreamSession stream) {
		STREAMS.remove(stream);
	}

	/**
	 * Never throws: a task of a scheduled executor that throws is never run again, and
	 * without ticks no stream would time out. A tick missed (a full heap, say) is sent on
	 * the next one.
	 */
	private static void tick() {
		for (StreamSession stream : STREAMS) {
			try {
				stream.tick();
			}
			catch (Throwable ex) {
				// The stream gets its tick next time.
			}
		}
	}

}
