package com.intelia.llm.access;

import java.util.Locale;

/**
 * How much load one replica takes, derived from its maximum heap and the heap each unit
 * of load was measured to cost ({@code bench/memory.sh}, {@code docs/performance.md}).
 * Every limit that holds memory is here, so none is a guess and none is unbounded: the
 * answers in flight, the requests waiting for one of them, and the connections Tomcat
 * accepts. What is past them waits in the kernel's accept queue, which costs no heap, or
 * is refused at the door with 429.
 *
 * @param heapBytes the JVM's maximum heap
 * @param inFlightKib the heap budget of the answers in flight, in KiB: each reserves
 * {@link #STREAM_BYTES} plus its body's size times {@link #BODY_FACTOR} on arrival, and
 * gives {@link #STREAM_BYTES} less {@link #BLOCKING_BYTES} back once its body shows a
 * blocking call
 * @param inFlight the most answers in flight ({@code LLM_MAX_CONCURRENT_REQUESTS}, or
 * what the budget holds of blocking answers; streams are fewer, by the budget)
 * @param waiting the most requests waiting for a slot
 * @param waitMillis how long one may wait
 * @param connections the most connections Tomcat accepts
 * @param acceptBacklog the accept queue Tomcat asks the kernel for
 */
record LoadLimits(long heapBytes, long inFlightKib, int inFlight, int waiting, long waitMillis, int connections,
		int acceptBacklog) {

	/**
	 * The live heap of an idle gateway with its prompts loaded: 29–30 MiB measured, 36
	 * MiB taken.
	 */
	static final long BASE_BYTES = 36L << 20;

	/**
	 * A stream with the aviculture prompt: 140 KiB measured while it waits for its first
	 * token, 132 KiB once relayed. Which kind a request is shows only once its body is
	 * read, after admission, so every request reserves the dearer of this and
	 * {@link #BLOCKING_BYTES} on arrival. Since streams are relayed on the upstream's
	 * thread (issue 11) they cost no more than a blocking answer, where they cost 201 KiB
	 * before, so both are reserved alike and a blocking answer gives nothing back.
	 */
	static final long STREAM_BYTES = 145L << 10;

	/**
	 * A blocking answer in flight with the aviculture prompt (141–144 KiB measured): now
	 * the dearest unit.
	 */
	static final long BLOCKING_BYTES = 145L << 10;

	/**
	 * A request read up to its headers, waiting for a slot: Tomcat's buffers and the
	 * parked thread.
	 */
	static final long WAITING_BYTES = 80L << 10;

	/**
	 * A request body is parsed into a tree, copied into the model's request and written
	 * again for the upstream: about this many times its size is live at once.
	 */
	static final int BODY_FACTOR = 5;

	/**
	 * The share of the heap beyond the base that load may hold at the worst moment, every
	 * limit reached at once as in a burst; the rest is the collector's room to allocate
	 * and copy.
	 */
	static final double LOAD_SHARE = 0.8;

	/** Of that share: answers in flight, then waiting requests, then the door. */
	static final double IN_FLIGHT_SHARE = 0.8;

	static final double WAITING_SHARE = 0.15;

	/**
	 * What Tomcat asks the kernel for; Linux caps it at {@code net.core.somaxconn} (4096
	 * by default). Connections queued there cost no heap and are accepted as others
	 * finish.
	 */
	static final int ACCEPT_BACKLOG = 4096;

	/**
	 * Derives the limits of a heap; values the operator set win.
	 * @param heapBytes the maximum heap ({@link Runtime#maxMemory()})
	 * @param settings the operator's settings, 0 meaning "derive"
	 */
	static LoadLimits derive(long heapBytes, AccessProperties.Concurrency settings) {
		long load = (long) (Math.max(0, heapBytes - BASE_BYTES) * LOAD_SHARE);
		long inFlightKib = Math.max(STREAM_BYTES, (long) (load * IN_FLIGHT_SHARE)) >> 10;
		if (settings.maxRequests() > 0) {
			// The operator's cap wins: the heap budget then holds that many streams.
			inFlightKib = Math.max(inFlightKib, settings.maxRequests() * (STREAM_BYTES >> 10));
		}
		int inFlight = (settings.maxRequests() > 0) ? settings.maxRequests()
				: atLeast(1, (inFlightKib << 10) / BLOCKING_BYTES);
		int waiting = (settings.maxWaiting() > 0) ? settings.maxWaiting()
				: atLeast(1, (long) (load * WAITING_SHARE) / WAITING_BYTES);
		long doorBytes = (long) (load * (1 - IN_FLIGHT_SHARE - WAITING_SHARE));
		int door = atLeast(16, doorBytes / WAITING_BYTES);
		return new LoadLimits(heapBytes, inFlightKib, inFlight, waiting, settings.queueWaitMs(),
				inFlight + waiting + door, ACCEPT_BACKLOG);
	}

	/** The heap a request reserves on arrival, in KiB. */
	static long reservationKib(long bodyBytes) {
		return (STREAM_BYTES + BODY_FACTOR * Math.max(0, bodyBytes) + 1023) >> 10;
	}

	/** What a blocking answer gives back of its reservation, in KiB. */
	static int blockingRefundKib() {
		return (int) ((STREAM_BYTES - BLOCKING_BYTES) >> 10);
	}

	/** One line for the start-up log. */
	String describe() {
		return String.format(Locale.ROOT,
				"Load limits from a %d MiB heap: %d answers in flight within %d MiB (%d KiB a blocking answer, "
						+ "%d KiB a stream, as measured), %d waiting up to %d ms, %d connections, accept backlog %d. "
						+ "LLM_MAX_CONCURRENT_REQUESTS, LLM_MAX_WAITING_REQUESTS and LLM_QUEUE_WAIT_MS override them.",
				this.heapBytes >> 20, this.inFlight, this.inFlightKib >> 10, BLOCKING_BYTES >> 10, STREAM_BYTES >> 10,
				this.waiting, this.waitMillis, this.connections, this.acceptBacklog);
	}

	private static int atLeast(int floor, long value) {
		return (int) Math.max(floor, Math.min(Integer.MAX_VALUE / 4, value));
	}

}
