package com.intelia.llm.observability;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import com.intelia.llm.chat.Exchange;
import com.intelia.llm.chat.ExchangeListener;
import com.intelia.llm.web.RequestIds;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wraps {@code /v1/chat/completions}: keeps {@code llm_requests_in_flight}, and speaks
 * for requests refused before the chat endpoint runs (a missing key, an oversized or
 * malformed body, a wrong method or media type). Those publish no exchange of their own,
 * so this filter publishes one with the status sent, and every chat request gets its
 * metrics and its access line.
 * <p>
 * The chat endpoint publishes on the request's own thread, before this filter resumes, so
 * a thread-bound flag tells whether it did.
 */
class ChatRequestFilter extends OncePerRequestFilter implements ExchangeListener {

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ThreadLocal<Boolean> published = new ThreadLocal<>();

	private final ObjectProvider<ExchangeListener> listeners;

	ChatRequestFilter(MeterRegistry registry, ObjectProvider<ExchangeListener> listeners) {
		this.listeners = listeners;
		Gauge.builder("llm.requests.in.flight", this.inFlight, AtomicInteger::get)
			.description("Chat completion requests being served, streams included")
			.register(registry);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		this.inFlight.incrementAndGet();
		int status = 500;
		try {
			chain.doFilter(request, response);
			status = response.getStatus();
		}
		finally {
			this.inFlight.decrementAndGet();
			if (this.published.get() == null) {
				publishRefusal(request, status, System.nanoTime() - started);
			}
			this.published.remove();
		}
	}

	@Override
	public void onExchange(Exchange exchange) {
		this.published.set(Boolean.TRUE);
	}

	private void publishRefusal(HttpServletRequest request, int status, long durationNanos) {
		Exchange refused = new Exchange(RequestIds.current(request), RequestIds.caller(request), null, null, null, null,
				false, status, Labels.errorTypeOf(status), durationNanos, 0, -1, null, false);
		this.listeners.orderedStream().filter((listener) -> listener != this).forEach((listener) -> {
			try {
				listener.onExchange(refused);
			}
			catch (RuntimeException ignored) {
				// Observability must never fail a request.
			}
		});
	}

}
