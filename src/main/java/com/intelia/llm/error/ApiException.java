package com.intelia.llm.error;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A failure that the caller sees as an OpenAI error envelope. Everything the caller
 * should know (status, type, code, the offending parameter, extra headers such as
 * {@code Retry-After}) travels with it, so one handler can render every failure the same
 * way.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final @Nullable String code;

	private final @Nullable String param;

	private final Map<String, String> headers;

	public ApiException(HttpStatus status, String type, @Nullable String code, @Nullable String param, String message,
			Map<String, String> headers) {
		super(message, null, false, false);
		this.status = status;
		this.type = type;
		this.code = code;
		this.param = param;
		this.headers = Map.copyOf(headers);
	}

	public ApiException(HttpStatus status, String type, @Nullable String code, @Nullable String param, String message) {
		this(status, type, code, param, message, Map.of());
	}

	/** A 400 naming the parameter the caller got wrong. */
	public static ApiException invalidParam(String param, String message) {
		return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_value", param, message);
	}

	/**
	 * A 400 for a parameter this service cannot honour; it is rejected, never dropped.
	 */
	public static ApiException unsupportedParam(String param, String message) {
		return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "unsupported_parameter", param,
				message);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String type() {
		return this.type;
	}

	public @Nullable String code() {
		return this.code;
	}

	public @Nullable String param() {
		return this.param;
	}

	public Map<String, String> headers() {
		return this.headers;
	}

	/** The body the caller receives. */
	public ErrorResponse toBody() {
		return new ErrorResponse(new ErrorResponse.Error(getMessage(), this.type, this.param, this.code));
	}

}
