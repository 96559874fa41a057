package com.intelia.llm.chat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.exchange.ExchangeRecord;
import com.intelia.llm.model.ModelAlias;
import com.intelia.llm.model.ModelCatalog;
import com.intelia.llm.prompt.ComposedPrompt;
import com.intelia.llm.prompt.PromptComposer;
import com.intelia.llm.provider.CallContext;
import com.intelia.llm.provider.ClientGone;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.resilience.ResilientCalls;
import com.intelia.llm.resilience.ResilientCalls.Served;
import com.intelia.llm.resilience.Route;
import com.intelia.llm.resilience.UpstreamRouter;
import com.intelia.llm.provider.UpstreamTimeoutException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import com.intelia.llm.web.ClientConnection;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers chat requests through LangChain4j: resolves the alias and its provider, merges
 * the domain prompt, and calls the model within the configured limits.
 */
@Service
class ChatCompletionService {

	private final ModelCatalog catalog;

	private final UpstreamRouter router;

	private final ResilientCalls resilience;

	private final PromptComposer prompts;

	private final LlmProperties properties;

	private final JsonMapper json;

	/**
	 * How long a waiting request's thread sleeps between looks at its client.
	 */
	static final long PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	ChatCompletionService(ModelCatalog catalog, UpstreamRouter router, ResilientCalls resilience,
			PromptComposer prompts, LlmProperties properties, JsonMapper json) {
		this.catalog = catalog;
		this.router = router;
		this.resilience = resilience;
		this.prompts = prompts;
		this.properties = properties;
		this.json = json;
	}

	/** Validates a request body and translates it into LangChain4j terms. */
	PreparedCall prepare(JsonNode body, ExchangeRecord record) {
		if (!body.isObject()) {
			throw ApiException.invalidParam(null, "The request body must be a JSON object.");
		}
		String model = Fields.requiredString(body.get("model"), "model");
		ModelAlias alias = this.catalog.find(model);
		record.model(alias.id());
		Route primary = this.router.primary(alias, Fields.string(body.get("user"), "user"));
		record.provider(primary.provider().id());
		JsonNode merged = ChatRequestReader.withDefaults((ObjectNode) body, defaults(alias.defaults()));
		ChatCall call = read(merged, alias, primary.provider());
		record.stream(call.stream());
		ComposedPrompt prompt = this.prompts.compose(alias, call.prompt(), call.messages());
		record.prompt(prompt.promptId(), prompt.promptVersion());
		ContentLog.prompt(prompt.messages());
		return new PreparedCall(call, primary, this.router.fallback(alias, primary), prompt);
	}

	/**
	 * Reads the request. LangChain4j's own types refuse some values (blank text, for
	 * one); such a refusal is the caller's input, so a 400, never a 500.
	 */
	private static ChatCall read(JsonNode body, ModelAlias alias, LlmProvider provider) {
		try {
			return ChatRequestReader.read(body, alias, provider);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalidParam(null, "The request cannot be translated for the model: " + ex.getMessage());
		}
	}

	/**
	 * A blocking answer, retried and rerouted before it starts, cancelled past the
	 * timeout.
	 */
	Served<ChatCompletion> complete(PreparedCall prepared, ExchangeRecord record, ClientConnection client) {
		long started = System.nanoTime();
		try {
			Served<ChatResponse> served = this.resilience.call(prepared.primary(), prepared.fallback(),
					deadline(started), (route) -> attempt(prepared, route, deadline(started), client));
			ChatCompletion completion = ResponseMapper.completion(served.value(), prepared.call().alias().id());
			record.tokens(Usage.tokens(completion.usage()));
			ContentLog.answer(String.valueOf(served.value().aiMessage()));
			return new Served<>(served.route(), completion);
		}
		finally {
			record.upstreamNanos(System.nanoTime() - started);
		}
	}

	/**
	 * One blocking attempt. The call runs on a virtual thread of its own while the
	 * request's thread waits for it in short slices: between them it checks the deadline
	 * and whether the client is still there, and cancels the call, which makes the
	 * transport abort the exchange, when either is gone.
	 */
	private ChatResponse attempt(PreparedCall prepared, Route route, long deadline, ClientConnection client) {
		if (client.closed()) {
			throw new ClientGone();
		}
		CallContext context = new CallContext();
		ChatRequest request = prepared.requestFor(route);
		CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
		Map<String, String> logContext = MDC.getCopyOfContextMap();
		Thread.ofVirtual().name("upstream-call").start(() -> {
			if (logContext != null) {
				MDC.setContextMap(logContext);
			}
			try {
				answer.complete(context.bind(() -> route.provider().chatModel().chat(request)));
			}
			catch (Throwable failure) {
				answer.completeExceptionally(failure);
			}
		});
		try {
			while (true) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 && !answer.isDone()) {
					throw new UpstreamTimeoutException("total", "The upstream did not answer within "
							+ this.properties.timeouts().totalSeconds() + " s (LLM_TIMEOUT_SECONDS).");
				}
				try {
					return answer.get(Math.max(0, Math.min(PROBE_NANOS, remaining)), TimeUnit.NANOSECONDS);
				}
				catch (TimeoutException ex) {
					if (client.closed()) {
						throw new ClientGone();
					}
				}
			}
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the upstream", ex);
		}
		finally {
			// Does nothing once the call has ended; aborts it on every other way out.
			context.cancel();
		}
	}

	/**
	 * Opens a stream up to its first event, retried and rerouted like a blocking call:
	 * nothing has reached the caller yet.
	 */
	Served<OpenStream> openStream(PreparedCall prepared, ExchangeRecord record, ClientConnection client) {
		long started = System.nanoTime();
		return this.resilience.call(prepared.primary(), prepared.fallback(), deadline(started), (route) -> {
			if (client.closed()) {
				throw new ClientGone();
			}
			CallContext context = new CallContext();
			StreamBridge bridge = new StreamBridge();
			context.run(() -> route.provider().streamingChatModel().chat(prepared.requestFor(route), bridge));
			StreamSession session = new StreamSession(bridge, context, prepared.call().alias().id(),
					prepared.call().includeUsage(), this.properties.timeouts(), deadline(started), route.provider(),
					route.upstreamModel(), record, this.json);
			return new OpenStream(session, session.awaitFirst(client));
		});
	}

	/**
	 * A stream whose first event has arrived.
	 *
	 * @param session the session that writes it
	 * @param first the first event
	 */
	record OpenStream(StreamSession session, StreamBridge.Event first) {
	}

	private long deadline(long started) {
		return started + TimeUnit.SECONDS.toNanos(this.properties.timeouts().totalSeconds());
	}

	/**
	 * The alias's defaults as JSON. YAML gives scalars as strings, so numbers and
	 * booleans are read back as JSON values.
	 */
	private ObjectNode defaults(Map<String, Object> defaults) {
		ObjectNode node = this.json.createObjectNode();
		defaults.forEach((key, value) -> node.set(key, toJson(value)));
		return node;
	}

	private JsonNode toJson(Object value) {
		if (value instanceof String text) {
			try {
				JsonNode parsed = this.json.readTree(text);
				if (parsed.isNumber() || parsed.isBoolean()) {
					return parsed;
				}
			}
			catch (RuntimeException ex) {
				// Not a JSON scalar: keep it as text.
			}
			return this.json.getNodeFactory().stringNode(text);
		}
		return this.json.valueToTree(value);
	}

}
