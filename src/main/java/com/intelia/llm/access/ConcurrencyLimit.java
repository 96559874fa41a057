package com.intelia.llm.access;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The answers in flight and the requests waiting for one, within {@link LoadLimits}. A
 * request reserves its heap on arrival, from the measured cost of an answer plus its
 * declared body, and takes a slot; past either limit it may wait a little, in arrival
 * order, if the wait list has room. Otherwise it is refused at once: refusing costs less
 * than waiting, and a refusal tells the client when to come back.
 */
@Component
class ConcurrencyLimit {

	private final LoadLimits limits;

	private final Semaphore slots;

	private final Semaphore heapKib;

	private final AtomicInteger waiting = new AtomicInteger();

	ConcurrencyLimit(LoadLimits limits, ObjectProvider<MeterRegistry> meters) {
		this.limits = limits;
		this.slots = new Semaphore(limits.inFlight(), true);
		this.heapKib = new Semaphore((int) Math.min(Integer.MAX_VALUE, limits.inFlightKib()), true);
		MeterRegistry registry = meters.getIfAvailable();
		if (registry != null) {
			Gauge.builder("llm.requests.waiting", this.waiting, AtomicInteger::get)
				.description("Chat requests waiting for an in-flight slot")
				.register(registry);
			Gauge.builder("llm.requests.in.flight.heap.reserved", this, ConcurrencyLimit::reservedBytes)
				.baseUnit("bytes")
				.description("Heap reserved by the answers in flight, from their measured cost")
				.register(registry);
		}
	}

	/**
	 * Whether a body of this size could ever be admitted: its reservation alone must fit
	 * the whole budget.
	 */
	boolean fits(long bodyBytes) {
		return LoadLimits.reservationKib(bodyBytes) <= this.limits.inFlightKib();
	}

	/**
	 * Takes a slot and the heap a request needs, waiting at most the configured time when
	 * the wait list has room; null if it is refused.
	 * @param bodyBytes the request's declared body size
	 */
	Ticket tryEnter(long bodyBytes) {
		int kib = (int) LoadLimits.reservationKib(bodyBytes);
		if (this.slots.tryAcquire()) {
			if (this.heapKib.tryAcquire(kib)) {
				return new Ticket(kib);
			}
			this.slots.release();
		}
		if (this.waiting.incrementAndGet() > this.limits.waiting()) {
			this.waiting.decrementAndGet();
			return null;
		}
		try {
			return waitFor(kib);
		}
		finally {
			this.waiting.decrementAndGet();
		}
	}

	/**
	 * Gives back what a blocking answer does not need of a stream's reservation, once per
	 * ticket.
	 */
	void blocking(Ticket ticket) {
		if (ticket.refunded.compareAndSet(false, true)) {
			int refund = LoadLimits.blockingRefundKib();
			ticket.kib.addAndGet(-refund);
			this.heapKib.release(refund);
		}
	}

	void leave(Ticket ticket) {
		this.heapKib.release(ticket.kib.getAndSet(0));
		this.slots.release();
	}

	/**
	 * Whether few slots are left or requests already wait. A connection kept alive after
	 * its answer would then hold one of Tomcat's limited connections idle, while others
	 * wait in the kernel's accept queue to be let in.
	 */
	boolean underPressure() {
		return this.waiting.get() > 0 || this.slots.availablePermits() < this.limits.inFlight() / 4;
	}

	LoadLimits limits() {
		return this.limits;
	}

	int inFlight() {
		return this.limits.inFlight() - this.slots.availablePermits();
	}

	private Ticket waitFor(int kib) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.limits.waitMillis());
		try {
			if (!this.slots.tryAcquire(this.limits.waitMillis(), TimeUnit.MILLISECONDS)) {
				return null;
			}
			if (this.heapKib.tryAcquire(kib, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				return new Ticket(kib);
			}
			this.slots.release();
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private double reservedBytes() {
		return (this.limits.inFlightKib() - this.heapKib.availablePermits()) * 1024.0;
	}

	/** What an admitted request holds until its answer ends: a slot, and heap in KiB. */
	static final class Ticket {

		private final AtomicInteger kib;

		private final AtomicBoolean refunded = new AtomicBoolean();

		Ticket(int kib) {
			this.kib = new AtomicInteger(kib);
		}

		int kib() {
			return this.kib.get();
		}

	}

}
