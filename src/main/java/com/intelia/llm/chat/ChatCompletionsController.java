package com.intelia.llm.chat;

import java.io.IOException;

import com.intelia.llm.chat.ChatCompletionService.OpenStream;
import com.intelia.llm.resilience.ResilientCalls.Served;
import com.intelia.llm.provider.ClientGone;
import com.intelia.llm.error.ErrorType;
import com.intelia.llm.exchange.ExchangeRecord;
import com.intelia.llm.web.ClientConnection;
import com.intelia.llm.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
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

	private final JsonMapper json;

	private final Captures captures;

	ChatCompletionsController(ChatCompletionService service, JsonMapper json, Captures captures) {
		this.service = service;
		this.json = json;
		this.captures = captures;
	}

	/**
	 * Reads the body and writes a blocking answer itself rather than through Spring's
	 * message converters: one parse into the tree the reader walks, and one write of a
	 * known length, where the converters' content negotiation and flush cost a fifth of
	 * the gateway's time per call on the overhead benchmark.
	 */
	@PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
	void completions(HttpServletRequest request, HttpServletResponse response)
			throws InterruptedException, IOException {
		JsonNode body = readBody(request);
		ExchangeRecord record = ExchangeRecord.of(request);
		ClientConnection client = ClientConnection.of(request);
		try {
			PreparedCall prepared = this.service.prepare(body, record);
			setPromptHeaders(response, prepared);
			if (prepared.call().stream()) {
				stream(request, body, prepared, record, response, client);
				return;
			}
			Served<ChatCompletion> served = this.service.complete(prepared, record, client);
			served(response, record, served.provider().id());
			byte[] answer = this.json.writeValueAsBytes(served.value());
			response.setStatus(200);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLength(answer.length);
			// Counted before the caller can read the answer and then the metrics.
			record.complete(200, null);
			response.getOutputStream().write(answer);
			String caller = RequestIds.caller(request);
			if (this.captures.wanted(caller)) {
				// The caller has the whole answer before capture spends anything on it.
				response.flushBuffer();
				this.captures.offer(caller, body, prepared, served.route(), served.value(), record);
			}
		}
		catch (RuntimeException ex) {
			if (ClientGone.in(ex)) {
				// Nobody is left to answer; the upstream call is already cancelled.
				record.clientDisconnected().complete(ClientGone.STATUS, ErrorType.CLIENT_DISCONNECT.label());
				response.setStatus(ClientGone.STATUS);
				return;
			}
			if (record.provider() != null && !response.isCommitted()) {
				response.setHeader(PROVIDER_HEADER, record.provider());
			}
			throw ex;
		}
	}

	/**
	 * The body as a JSON tree, with the application mapper's limits (nesting depth). A
	 * body that is not JSON fails as Spring's own reading would, so the error handler
	 * answers it the same way, 413 for one over the size limit included.
	 */
	private JsonNode readBody(HttpServletRequest request) throws IOException {
		JsonNode body;
		try {
			body = this.json.readTree(request.getInputStream());
		}
		catch (JacksonException | IOException ex) {
			throw new HttpMessageNotReadableException("The request body is not readable JSON", ex,
					new ServletServerHttpRequest(request));
		}
		if (body == null || body.isMissingNode()) {
			throw new HttpMessageNotReadableException("The request body is empty",
					new ServletServerHttpRequest(request));
		}
		return body;
	}

	private void stream(HttpServletRequest request, JsonNode body, PreparedCall prepared, ExchangeRecord record,
			HttpServletResponse response, ClientConnection client) throws IOException {
		Served<OpenStream> served = this.service.openStream(prepared, record, client);
		served(response, record, served.provider().id());
		String caller = RequestIds.caller(request);
		if (this.captures.wanted(caller)) {
			served.value()
				.session()
				.onComplete((answer) -> this.captures.offer(caller, body, prepared, served.route(), answer, record));
		}
		response.setStatus(200);
		response.setContentType("text/event-stream");
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Cache-Control", "no-cache");
		response.setHeader("X-Accel-Buffering", "no");
		served.value().session().relay(served.value().first(), request, response);
	}

	private static void served(HttpServletResponse response, ExchangeRecord record, String provider) {
		record.provider(provider);
		response.setHeader(PROVIDER_HEADER, provider);
	}

	private static void setPromptHeaders(HttpServletResponse response, PreparedCall prepared) {
		if (prepared.prompt().promptId() != null) {
			response.setHeader("X-Prompt-Id", prepared.prompt().promptId());
			response.setHeader("X-Prompt-Version", prepared.prompt().promptVersion());
		}
	}

}
