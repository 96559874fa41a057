package com.intelia.llm.access;

import java.io.IOException;
import java.util.Map;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.web.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request through only with an accepted key, in {@code Authorization: Bearer} or
 * {@code X-Api-Key}, when keys are configured. It runs right after the request id and
 * before anything reads the body, so a stranger costs almost nothing. The key's name
 * (never the key) goes in the request attribute {@link RequestIds#CALLER_ATTRIBUTE} and
 * in the logging context as {@code caller}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class ApiKeyFilter extends OncePerRequestFilter {

	static final String MDC_CALLER = "caller";

	private static final String BEARER = "Bearer ";

	private final ApiKeys keys;

	private final AccessProperties properties;

	private final Rejections rejections;

	ApiKeyFilter(ApiKeys keys, AccessProperties properties, Rejections rejections) {
		this.keys = keys;
		this.properties = properties;
		this.rejections = rejections;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.keys.required() || AccessPaths.isOpen(AccessPaths.path(request), this.properties);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = presentedKey(request);
		String name = (presented != null) ? this.keys.nameOf(presented) : null;
		if (name == null) {
			this.rejections.send(request, response, unauthorized(presented == null), "unauthorized");
			return;
		}
		request.setAttribute(RequestIds.CALLER_ATTRIBUTE, name);
		MDC.put(MDC_CALLER, name);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_CALLER);
		}
	}

	private static @Nullable String presentedKey(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return authorization.substring(BEARER.length()).strip();
		}
		String header = request.getHeader("X-Api-Key");
		return (header != null) ? header.strip() : null;
	}

	private static ApiException unauthorized(boolean missing) {
		String message = missing
				? "You didn't provide an API key. Send it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'."
				: "Incorrect API key provided. Ask the gateway's operator for a valid key.";
		return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_request_error", "invalid_api_key", null, message,
				Map.of("WWW-Authenticate", "Bearer realm=\"intelia-llm\""));
	}

}
