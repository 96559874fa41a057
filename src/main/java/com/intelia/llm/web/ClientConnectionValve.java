package com.intelia.llm.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Gives each HTTP/1.x request a {@link ClientConnection} backed by Tomcat's own
 * non-blocking read ({@code ActionCode.AVAILABLE}), the one Tomcat uses for servlet
 * non-blocking IO. A read that finds the connection ended fails, which Tomcat reports as
 * "data available" with nothing buffered; bytes a client pipelines stay buffered for its
 * next request, so reading them loses nothing.
 */
final class ClientConnectionValve extends ValveBase {

	static final String ATTRIBUTE = ClientConnection.class.getName();

	ClientConnectionValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		String protocol = request.getProtocol();
		if (("HTTP/1.1".equals(protocol) || "HTTP/1.0".equals(protocol)) && hasBody(request)) {
			request.setAttribute(ATTRIBUTE, new Probe(request.getCoyoteRequest()));
		}
		getNext().invoke(request, response);
	}

	/**
	 * Only requests with a body: without one Tomcat reads through a filter that reports
	 * nothing buffered, so a pipelined request would look like a closed connection.
	 */
	private static boolean hasBody(Request request) {
		String encoding = request.getHeader("Transfer-Encoding");
		return request.getContentLengthLong() > 0
				|| (encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked"));
	}

	private record Probe(org.apache.coyote.Request request) implements ClientConnection {

		@Override
		public boolean closed() {
			if (buffered() > 0) {
				// Unread input (the rest of a body, or a pipelined request): nothing to
				// probe.
				return false;
			}
			this.request.action(ActionCode.AVAILABLE, Boolean.TRUE);
			if (this.request.getAvailable() == 0) {
				return false;
			}
			// Either bytes arrived, and are now buffered, or the read failed.
			return buffered() == 0;
		}

		private int buffered() {
			this.request.action(ActionCode.AVAILABLE, Boolean.FALSE);
			return this.request.getAvailable();
		}

		@Override
		public String toString() {
			return "ClientConnection";
		}

	}

}
