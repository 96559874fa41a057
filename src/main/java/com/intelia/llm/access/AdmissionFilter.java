package com.intelia.llm.access;

import java.io.IOException;
import java.util.Map;

import com.intelia.llm.access.CallerBudgets.Admission;
import com.intelia.llm.access.ConcurrencyLimit.Ticket;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.ErrorWriter;
import com.intelia.llm.exchange.ExchangeRecord;
import com.intelia.llm.web.RequestIds;
import com.intelia.llm.web.WhenAnswered;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admits {@code POST /v1/chat/completions}: first the caller's own budgets, so a flooding
 * key is refused without taking a global slot from others, then the global cap on answers
 * in flight. The slot is held until the answer (or stream) ends, since the controller
 * writes streams on the request thread.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AdmissionFilter extends OncePerRequestFilter {

	/** A chunked body's assumed size: a long conversation, well above the usual. */
	static final long UNDECLARED_BODY_BYTES = 64 * 1024;

	private final CallerBudgets budgets;

	private final ConcurrencyLimit concurrency;

	AdmissionFilter(CallerBudgets budgets, ConcurrencyLimit concurrency) {
		this.budgets = budgets;
		this.concurrency = concurrency;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !AccessPaths.isChat(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.budgets.enabled()) {
			Admission admission = this.budgets.admit(RequestIds.caller(request));
			admission.headers().forEach(response::setHeader);
			if (admission.refusal() != null) {
				ErrorWriter.write(request, response, admission.refusal());
				return;
			}
		}
		long body = declaredBody(request);
		if (!this.concurrency.fits(body)) {
			ErrorWriter.write(request, response, tooLargeForHeap(body));
			return;
		}
		Ticket ticket = this.concurrency.tryEnter(body);
		if (ticket == null) {
			ErrorWriter.write(request, response, busy());
			return;
		}
		ExchangeRecord.of(request).onStream((stream) -> {
			if (!stream) {
				this.concurrency.blocking(ticket);
			}
		});
		try {
			chain.doFilter(request, new CloseWhenBusy(response, this.concurrency::underPressure));
		}
		finally {
			WhenAnswered.run(request, () -> this.concurrency.leave(ticket));
		}
	}

	/**
	 * The body size to reserve heap for: as declared, or a typical chat request's when
	 * the body comes chunked (the OpenAI SDKs always declare it; the body limit still
	 * applies).
	 */
	private static long declaredBody(HttpServletRequest request) {
		long length = request.getContentLengthLong();
		return (length >= 0) ? length : UNDECLARED_BODY_BYTES;
	}

	/**
	 * Refused at the door: {@code Connection: close} gives the connection back at once,
	 * for a client that would otherwise hold it idle while it waits to retry.
	 */
	private ApiException busy() {
		LoadLimits limits = this.concurrency.limits();
		return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error", "concurrency_limit_exceeded", null,
				"The service is at capacity: " + limits.inFlight() + " answers in flight and " + limits.waiting()
						+ " waiting, the most its " + (limits.heapBytes() >> 20)
						+ " MiB heap carries (LLM_MAX_CONCURRENT_REQUESTS). Retry shortly.",
				Map.of("Retry-After", "1", "Connection", "close"));
	}

	private ApiException tooLargeForHeap(long body) {
		LoadLimits limits = this.concurrency.limits();
		return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error", "request_too_large", null,
				"A request body of " + body + " bytes needs more heap than this replica has for all its answers ("
						+ (limits.inFlightKib() >> 10) + " MiB of a " + (limits.heapBytes() >> 20)
						+ " MiB heap). Send a smaller body, or run the service with a larger heap.",
				Map.of("Connection", "close"));
	}

}
