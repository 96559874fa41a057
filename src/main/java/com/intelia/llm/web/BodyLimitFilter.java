package com.intelia.llm.web;

import java.io.IOException;
import java.util.Map;

import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.Causes;
import com.intelia.llm.error.ErrorWriter;
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
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code LLM_MAX_REQUEST_BYTES} with 413 in the OpenAI shape:
 * at once when {@code Content-Length} says so, and while reading when a chunked body
 * grows too large, so an oversized body is never buffered whole.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodyLimitFilter extends OncePerRequestFilter {

	private final long limit;

	BodyLimitFilter(LlmProperties properties) {
		this.limit = properties.maxRequestBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit) {
			reject(request, response);
			return;
		}
		try {
			chain.doFilter(new LimitedRequest(request, this.limit), response);
		}
		catch (ServletException | RuntimeException ex) {
			if (!Causes.has(ex, RequestTooLargeException.class) || response.isCommitted()) {
				throw ex;
			}
			reject(request, response);
		}
	}

	/**
	 * Answers 413 and closes the connection: the rest of an oversized body is never read,
	 * so the connection cannot carry another request.
	 */
	private void reject(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ErrorWriter.write(request, response,
				new ApiException(HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error", "request_too_large", null,
						"The request body is larger than " + this.limit + " bytes (LLM_MAX_REQUEST_BYTES).",
						Map.of("Connection", "close")));
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
