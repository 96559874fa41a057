package com.intelia.llm.provider;

import java.util.List;
import java.util.Map;

import dev.langchain4j.exception.HttpException;

/**
 * An upstream's error response with its headers kept: LangChain4j's own client drops
 * them, and {@code Retry-After} or HuggingFace's {@code X-Error-Code} are needed to
 * explain the failure.
 */
public class UpstreamHttpException extends HttpException {

	private final Map<String, List<String>> headers;

	public UpstreamHttpException(int statusCode, String body, Map<String, List<String>> headers) {
		super(statusCode, body);
		this.headers = Map.copyOf(headers);
	}

	/** The response headers, names in lower case. */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

	/** The first value of a header, or null. */
	public String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(java.util.Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
