package com.intelia.llm.error;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every failure as OpenAI's error envelope. Controllers and services throw; only
 * this class decides what the caller sees, so a stack trace never leaks and every non-2xx
 * body has the same four keys.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiException.class)
	void api(ApiException ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		ErrorWriter.write(request, response, ex);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	void unreadable(HttpMessageNotReadableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (Causes.has(ex, RequestTooLargeException.class)) {
			ErrorWriter.write(request, response, new ApiException(HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error",
					"request_too_large", null, "The request body is larger than LLM_MAX_REQUEST_BYTES allows."));
			return;
		}
		ErrorWriter.write(request, response, new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error",
				"invalid_json", null, "The request body is not valid JSON. " + JsonErrors.describe(ex)));
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	void method(HttpRequestMethodNotSupportedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		String[] supported = (ex.getSupportedMethods() != null) ? ex.getSupportedMethods() : new String[0];
		Map<String, String> headers = (supported.length > 0) ? Map.of("Allow", String.join(", ", supported)) : Map.of();
		ErrorWriter.write(request, response,
				new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request_error", "method_not_allowed", null,
						"Method " + ex.getMethod() + " is not allowed here; use " + String.join(", ", supported) + ".",
						headers));
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	void mediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		ErrorWriter.write(request, response,
				new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request_error", "unsupported_media_type",
						null, "Content-Type " + ex.getContentType() + " is not supported; send application/json."));
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	void notAcceptable(HttpMediaTypeNotAcceptableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		ErrorWriter.write(request, response, new ApiException(HttpStatus.NOT_ACCEPTABLE, "invalid_request_error",
				"not_acceptable", null, "This endpoint answers application/json or text/event-stream."));
	}

	@ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
	void notFound(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		ErrorWriter.write(request, response, new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error",
				"not_found", null,
				"Unknown path. The API serves POST /v1/chat/completions, GET /v1/models, GET /v1/models/{id} and /v1/prompts."));
	}

	@ExceptionHandler({ MissingRequestHeaderException.class, MethodArgumentTypeMismatchException.class })
	void badRequest(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		ErrorWriter.write(request, response, new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error",
				"invalid_request", null, "The request is malformed."));
	}

	/**
	 * Anything else is the gateway's own fault (upstream failures arrive explained): a
	 * 500 that says so without internals, logged with its stack trace.
	 */
	@ExceptionHandler(Exception.class)
	void other(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		log.error("Request failed inside the gateway", ex);
		ErrorWriter.write(request, response,
				new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "internal_error", null,
						"The gateway failed to handle this request; the error is logged with its request id."));
	}

}
