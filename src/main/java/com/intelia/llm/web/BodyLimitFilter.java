package com.intelia.llm.web;

import java.io.IOException;

import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.Causes;
import com.intelia.llm.error.ErrorResponse;
import com.intelia.llm.error.RequestTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@code LLM_MAX_REQUEST_BYTES} with 413 in the OpenAI shape:
 * at once when {@code Content-Length} says so, and while reading when a chunked body
 * grows too large, so an oversized body is never buffered whole.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodyLimitFilter extends OncePerRequestFilter {

	private final long limit;

	private final JsonMapper json;

	BodyLimitFilter(LlmProperties properties, JsonMapper json) {
		this.limit = properties.maxRequestBytes();
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit) {
			reject(response);
			return;
		}
		try {
			chain.doFilter(new LimitedRequest(request, this.limit), response);
		}
		catch (ServletException | RuntimeException ex) {
			if (!Causes.has(ex, RequestTooLargeException.class) || response.isCommitted()) {
				throw ex;
			}
			reject(response);
		}
	}

	private void reject(HttpServletResponse response) throws IOException {
		ApiException error = new ApiException(HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error",
				"request_too_large", null,
				"The request body is larger than " + this.limit + " bytes (LLM_MAX_REQUEST_BYTES).");
		response.resetBuffer();
		response.setStatus(error.status().value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader("Connection", "close");
		ErrorResponse body = error.toBody();
		response.getOutputStream().write(this.json.writeValueAsBytes(body));
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			ServletInputStream in = super.getInputStream();
			return new ServletInputStream() {
				private long count;

				@Override
				public int read() throws IOException {
					int b = in.read();
					if (b >= 0 && ++this.count > LimitedRequest.this.limit) {
						throw new RequestTooLargeException();
					}
					return b;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int n = in.read(buffer, offset, length);
					if (n > 0 && (this.count += n) > LimitedRequest.this.limit) {
						throw new RequestTooLargeException();
					}
					return n;
				}

				@Override
				public boolean isFinished() {
					return in.isFinished();
				}

				@Override
				public boolean isReady() {
					return in.isReady();
				}

				@Override
				public void setReadListener(ReadListener listener) {
					in.setReadListener(listener);
				}
			};
		}

	}

}
