package com.intelia.llm.access;

import java.io.IOException;
import java.util.Map;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.ErrorWriter;
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
 * in the logging context as {@code caller}. Admin keys ({@code LLM_ADMIN_KEYS}) open
 * {@code /v1/datasets} and nothing else, and only they open it: a key that reads every
 * caller's captured conversations is not one an application should also chat with.
 * Without any key configured those paths are off (404), never open.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class ApiKeyFilter extends OncePerRequestFilter {

	static final String MDC_CALLER = "caller";

	private static final String BEARER = "Bearer ";

	private final ApiKeys keys;

	private final AccessProperties properties;

	ApiKeyFilter(ApiKeys keys, AccessProperties properties) {
		this.keys = keys;
		this.properties = properties;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = AccessPaths.path(request);
		if (AccessPaths.isAdmin(path)) {
			return false;
		}
		return !this.keys.required() || AccessPaths.isOpen(path, this.properties);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean admin = AccessPaths.isAdmin(AccessPaths.path(request));
		if (admin && !this.keys.required() && !this.keys.adminConfigured()) {
			ErrorWriter.write(request, response, adminOff());
			return;
		}
		String presented = presentedKey(request);
		String name = (presented != null) ? nameOf(presented, admin) : null;
		if (name == null) {
			boolean otherKind = presented != null && nameOf(presented, !admin) != null;
			ErrorWriter.write(request, response, otherKind ? forbidden(admin) : unauthorized(presented == null));
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

	private @Nullable String nameOf(String presented, boolean admin) {
		return admin ? this.keys.adminNameOf(presented) : this.keys.nameOf(presented);
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

	private static ApiException forbidden(boolean admin) {
		String message = admin ? "This path needs an admin key (LLM_ADMIN_KEYS); this key is an ordinary API key."
				: "Admin keys (LLM_ADMIN_KEYS) are accepted on /v1/datasets only; use an ordinary API key here.";
		return new ApiException(HttpStatus.FORBIDDEN, "invalid_request_error", "permission_denied", null, message);
	}

	private static ApiException adminOff() {
		return new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", "not_found", null,
				"The dataset endpoints are off: they need API keys (LLM_API_KEYS) and an admin key (LLM_ADMIN_KEYS).");
	}

}
