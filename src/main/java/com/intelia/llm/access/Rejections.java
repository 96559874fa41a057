package com.intelia.llm.access;

import java.io.IOException;

import com.intelia.llm.chat.Exchange;
import com.intelia.llm.chat.ExchangeListener;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a refusal from a filter in the OpenAI error shape, and tells the exchange
 * listeners about refused chat requests, so 401 and 429 show in metrics and the access
 * log although no controller ran.
 */
@Component
class Rejections {

	private final JsonMapper json;

	private final ObjectProvider<ExchangeListener> listeners;

	Rejections(JsonMapper json, ObjectProvider<ExchangeListener> listeners) {
		this.json = json;
		this.listeners = listeners;
	}

	/**
	 * Sends the error.
	 * @param errorType the bounded error class for metrics ({@code unauthorized},
	 * {@code rate_limited})
	 */
	void send(HttpServletRequest request, HttpServletResponse response, ApiException error, String errorType)
			throws IOException {
		response.setStatus(error.status().value());
		error.headers().forEach(response::setHeader);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsBytes(error.toBody()));
		if (AccessPaths.isChat(request)) {
			publish(new Exchange(RequestIds.current(request), RequestIds.caller(request), null, null, null, null, false,
					error.status().value(), errorType, 0, 0, -1, null, false));
		}
	}

	private void publish(Exchange exchange) {
		this.listeners.orderedStream().forEach((listener) -> {
			try {
				listener.onExchange(exchange);
			}
			catch (RuntimeException ignored) {
				// Observability must never fail a request.
			}
		});
	}

}
