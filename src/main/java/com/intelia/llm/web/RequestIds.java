package com.intelia.llm.web;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is sane, a new one
 * otherwise. It is echoed in the response and put in the logging context, so it appears
 * in every log line of the request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds extends OncePerRequestFilter {

	/** The header name. */
	public static final String HEADER = "X-Request-Id";

	private static final String ATTRIBUTE = RequestIds.class.getName();

	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	/**
	 * The request attribute under which access control stores the caller's key name
	 * (never the key).
	 */
	public static final String CALLER_ATTRIBUTE = "com.intelia.llm.caller";

	/** The caller's key name, or null when API keys are not configured. */
	public static @org.jspecify.annotations.Nullable String caller(HttpServletRequest request) {
		Object caller = request.getAttribute(CALLER_ATTRIBUTE);
		return (caller != null) ? caller.toString() : null;
	}

	/** The id of the request. */
	public static String current(HttpServletRequest request) {
		Object id = request.getAttribute(ATTRIBUTE);
		return (id != null) ? id.toString() : "unknown";
	}

	/** A random id; unguessability is not needed, so no SecureRandom on the hot path. */
	private static String newId() {
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		return "req-" + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
				+ Long.toHexString(random.nextLong() | Long.MIN_VALUE);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String given = request.getHeader(HEADER);
		String id = (given != null && SAFE.matcher(given).matches()) ? given : newId();
		request.setAttribute(ATTRIBUTE, id);
		response.setHeader(HEADER, id);
		MDC.put("requestId", id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove("requestId");
		}
	}

}
