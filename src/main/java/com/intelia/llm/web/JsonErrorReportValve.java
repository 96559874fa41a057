package com.intelia.llm.web;

import java.io.IOException;
import java.io.OutputStream;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.ErrorWriter;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.ExceptionUtils;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error answers (a header too large, an encoded slash in the path) in
 * OpenAI's error envelope instead of Tomcat's HTML page. Errors the application rendered
 * already carry a body and are left alone.
 */
public class JsonErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable failure) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String type = (status >= 500) ? "server_error" : "invalid_request_error";
		String message = (status == 400) ? "The request is malformed (request line, path or headers)."
				: "The request failed with HTTP " + status + ".";
		byte[] body = ErrorWriter.json(new ApiException(known(status), type, "http_" + status, null, message));
		try {
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			OutputStream out = response.getOutputStream();
			out.write(body);
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			ExceptionUtils.handleThrowable(ex);
		}
	}

	/**
	 * Tomcat may send a status Spring has no constant for; the body does not carry it.
	 */
	private static HttpStatus known(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		if (known != null) {
			return known;
		}
		return (status >= 500) ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
	}

}
