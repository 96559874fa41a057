package com.intelia.llm.error;

import java.io.IOException;

import com.intelia.llm.exchange.ExchangeRecord;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one writer of OpenAI's error envelope. Every error answer goes through it, whether
 * a controller, a filter or the servlet container refused the request, and so does the
 * final {@code data:} event of a stream that fails after it started: the shape is decided
 * here and nowhere else.
 */
public final class ErrorWriter {

	private static final JsonMapper JSON = JsonMapper.shared();

	private ErrorWriter() {
	}

	/**
	 * The envelope as JSON bytes: {@code {"error":{"message","type","param","code"}}}.
	 */
	public static byte[] json(ApiException error) {
		return JSON.writeValueAsBytes(error.toBody());
	}

	/**
	 * Answers a request with the error: status, headers (such as {@code Retry-After}) and
	 * body. The request's record is completed first, so the failure is counted before the
	 * caller can see it.
	 */
	public static void write(HttpServletRequest request, HttpServletResponse response, ApiException error)
			throws IOException {
		ExchangeRecord.of(request).complete(error.status().value(), ErrorType.of(error).label());
		if (response.isCommitted()) {
			return;
		}
		byte[] body = json(error);
		response.resetBuffer();
		response.setStatus(error.status().value());
		error.headers().forEach(response::setHeader);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
