package com.intelia.llm.observability;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.intelia.llm.error.ErrorType;
import com.intelia.llm.exchange.ExchangeListener;
import com.intelia.llm.exchange.ExchangeRecord;
import com.intelia.llm.web.RequestIds;
import com.intelia.llm.web.WhenAnswered;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The outermost layer of {@code /v1/chat/completions}: opens the request's one
 * {@link ExchangeRecord} and keeps {@code llm_requests_in_flight}. The layer that sends
 * the answer (or the error) completes the record just before its last bytes; a request
 * that ends without that (a framework error, a crash) is completed here with the status
 * sent, so every chat request is counted once.
 */
class ExchangeFilter extends OncePerRequestFilter {

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ObjectProvider<ExchangeListener> listenerBeans;

	/** Resolved on first use: the listeners depend on beans built after this filter. */
	private volatile @Nullable List<ExchangeListener> listeners;

	ExchangeFilter(MeterRegistry registry, ObjectProvider<ExchangeListener> listeners) {
		this.listenerBeans = listeners;
		Gauge.builder("llm.requests.in.flight", this.inFlight, AtomicInteger::get)
			.description("Chat completion requests being served, streams included")
			.register(registry);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ExchangeRecord record = ExchangeRecord.open(request, RequestIds.current(request),
				() -> RequestIds.caller(request), listeners());
		this.inFlight.incrementAndGet();
		boolean answered = false;
		try {
			chain.doFilter(request, response);
			answered = true;
		}
		finally {
			boolean crashed = !answered;
			WhenAnswered.run(request, () -> {
				this.inFlight.decrementAndGet();
				int status = crashed ? 500 : response.getStatus();
				record.complete(status, ErrorType.labelOfStatus(status));
			});
		}
	}

	private List<ExchangeListener> listeners() {
		List<ExchangeListener> resolved = this.listeners;
		if (resolved == null) {
			resolved = this.listenerBeans.orderedStream().toList();
			this.listeners = resolved;
		}
		return resolved;
	}

}
