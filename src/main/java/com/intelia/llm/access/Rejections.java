package com.intelia.llm.access;

import java.io.IOException;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.ErrorWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;

/**
 * Refuses a request from a filter: the error writer answers it in the OpenAI shape and
 * completes the request's record, so 401 and 429 show in metrics and the access log
 * although no controller ran.
 */
@Component
class Rejections {

	/**
	 * Sends the error.
	 * @param errorType unused: the error's class follows from its status and code
	 */
	void send(HttpServletRequest request, HttpServletResponse response, ApiException error, String errorType)
			throws IOException {
		ErrorWriter.write(request, response, error);
	}

}
