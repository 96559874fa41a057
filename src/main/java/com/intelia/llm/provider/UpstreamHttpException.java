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

	private final boolean coldStart;

	public UpstreamHttpException(int statusCode, String body, Map<String, List<String>> headers) {
		this(statusCode, body, headers, false);
	}

	/**
	 * An error answer.
	 * @param coldStart whether the upstream is known to answer this while it wakes from
	 * zero, such as a scaled-down Inference Endpoint's 503
	 */
	public UpstreamHttpException(int statusCode, String body, Map<String, List<String>> headers, boolean coldStart) {
		super(statusCode, body);
		this.headers = Map.copyOf(headers);
		this.coldStart = coldStart;
	}

	/** Whether this answer means the upstream is waking up, to be waited out. */
	public boolean coldStart() {
		return this.coldStart;
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
