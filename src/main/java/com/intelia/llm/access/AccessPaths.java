package com.intelia.llm.access;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which paths are open without a key. Everything else needs one when keys are set:
 * denying by default means a path added later is protected until someone opens it.
 */
final class AccessPaths {

	static final String CHAT = "/v1/chat/completions";

	/** Training data: admin keys only ({@code LLM_ADMIN_KEYS}). */
	private static final String[] ADMIN = { "/v1/datasets" };

	private static final String[] HEALTH = { "/health" };

	private static final String[] METRICS = { "/metrics" };

	private static final String[] DOCS = { "/docs", "/openapi.json", "/swagger-ui", "/swagger-ui.html", "/v3/api-docs",
			"/webjars" };

	private AccessPaths() {
	}

	/**
	 * The path as the servlet container decoded and normalised it; the raw URI could
	 * carry {@code ..} or {@code ;} tricks past a prefix check.
	 */
	static String path(HttpServletRequest request) {
		String info = request.getPathInfo();
		return request.getServletPath() + ((info != null) ? info : "");
	}

	static boolean isChat(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && CHAT.equals(path(request));
	}

	/** Whether the path serves admin keys only. */
	static boolean isAdmin(String path) {
		return under(path, ADMIN);
	}

	static boolean isOpen(String path, AccessProperties properties) {
		return under(path, HEALTH) || (properties.openMetrics() && under(path, METRICS))
				|| (properties.openDocs() && under(path, DOCS));
	}

	private static boolean under(String path, String[] roots) {
		for (String root : roots) {
			if (path.equals(root) || path.startsWith(root + "/")) {
				return true;
			}
		}
		return false;
	}

}
