package com.intelia.llm.access;

import java.io.IOException;
import java.util.Map;

import com.intelia.llm.access.CallerBudgets.Admission;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.ErrorWriter;
import com.intelia.llm.web.RequestIds;
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
		if (!this.concurrency.tryEnter()) {
			ErrorWriter.write(request, response, busy());
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.concurrency.leave();
		}
	}

	private ApiException busy() {
		return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error", "concurrency_limit_exceeded", null,
				"The service is answering " + this.concurrency.max()
						+ " requests already (LLM_MAX_CONCURRENT_REQUESTS). Retry shortly.",
				Map.of("Retry-After", "1"));
	}

}
