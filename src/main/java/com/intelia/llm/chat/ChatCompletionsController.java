package com.intelia.llm.chat;

import java.util.List;

import com.intelia.llm.chat.StreamBridge.Event;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.UpstreamErrorMapper;
import com.intelia.llm.provider.CallContext;
import com.intelia.llm.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/chat/completions}, blocking and streaming. The controller knows HTTP
 * and nothing of providers: the service translates and calls, this class writes.
 */
@RestController
class ChatCompletionsController {

	static final String PROVIDER_HEADER = "X-LLM-Provider";

	private final ChatCompletionService service;

	private final UpstreamErrorMapper errors;

	private final JsonMapper json;

	private final List<ExchangeListener> listeners;

	ChatCompletionsController(ChatCompletionService service, UpstreamErrorMapper errors, JsonMapper json,
			List<ExchangeListener> listeners) {
		this.service = service;
		this.errors = errors;
		this.json = json;
		this.listeners = listeners;
	}

	@PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ChatCompletion> completions(@RequestBody JsonNode body, HttpServletRequest request,
			HttpServletResponse response) throws InterruptedException {
		ExchangeRecord record = new ExchangeRecord(RequestIds.current(request), RequestIds.caller(request));
		int status = 200;
		String errorType = null;
		try {
			PreparedCall prepared = this.service.prepare(body, record);
			setHeaders(response, prepared);
			if (!prepared.call().stream()) {
				return ResponseEntity.ok()
					.contentType(MediaType.APPLICATION_JSON)
					.body(this.service.complete(prepared, record));
			}
			errorType = stream(prepared, record, response);
			return null;
		}
		catch (RuntimeException ex) {
			ApiException api = this.errors.map(ex);
			status = api.status().value();
			errorType = ErrorTypes.of(api);
			throw api;
		}
		finally {
			publish(record.finish(status, errorType));
		}
	}

	private String stream(PreparedCall prepared, ExchangeRecord record, HttpServletResponse response)
			throws InterruptedException {
		CallContext context = new CallContext();
		StreamBridge bridge = this.service.startStream(prepared, context);
		StreamSession session = new StreamSession(bridge, context, prepared.call().alias().id(),
				prepared.call().includeUsage(), this.service.timeouts(), this.errors, record, this.json);
		Event first = session.awaitFirst();
		response.setStatus(200);
		response.setContentType("text/event-stream");
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Cache-Control", "no-cache");
		response.setHeader("X-Accel-Buffering", "no");
		return session.run(first, response);
	}

	private static void setHeaders(HttpServletResponse response, PreparedCall prepared) {
		response.setHeader(PROVIDER_HEADER, prepared.provider().id());
		if (prepared.prompt().promptId() != null) {
			response.setHeader("X-Prompt-Id", prepared.prompt().promptId());
			response.setHeader("X-Prompt-Version", prepared.prompt().promptVersion());
		}
	}

	private void publish(Exchange exchange) {
		for (ExchangeListener listener : this.listeners) {
			try {
				listener.onExchange(exchange);
			}
			catch (RuntimeException ignored) {
				// Observability must never fail a request.
			}
		}
	}

}
