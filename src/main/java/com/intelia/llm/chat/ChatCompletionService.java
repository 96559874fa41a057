package com.intelia.llm.chat;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.model.ModelAlias;
import com.intelia.llm.model.ModelCatalog;
import com.intelia.llm.prompt.ComposedPrompt;
import com.intelia.llm.prompt.PromptComposer;
import com.intelia.llm.provider.CallContext;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderRegistry;
import com.intelia.llm.provider.UpstreamTimeoutException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
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

	private final ProviderRegistry providers;

	private final PromptComposer prompts;

	private final LlmProperties properties;

	private final JsonMapper json;

	private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

	ChatCompletionService(ModelCatalog catalog, ProviderRegistry providers, PromptComposer prompts,
			LlmProperties properties, JsonMapper json) {
		this.catalog = catalog;
		this.providers = providers;
		this.prompts = prompts;
		this.properties = properties;
		this.json = json;
	}

	/** Validates a request body and translates it into a LangChain4j request. */
	PreparedCall prepare(JsonNode body, ExchangeRecord record) {
		if (!body.isObject()) {
			throw ApiException.invalidParam(null, "The request body must be a JSON object.");
		}
		String model = Fields.requiredString(body.get("model"), "model");
		ModelAlias alias = this.catalog.find(model);
		record.model(alias.id());
		LlmProvider provider = (alias.provider() != null) ? this.providers.get(alias.provider())
				: this.providers.active();
		record.provider(provider.id());
		JsonNode merged = ChatRequestReader.withDefaults((ObjectNode) body, defaults(alias.defaults()));
		ChatCall call = ChatRequestReader.read(merged, alias, provider);
		record.stream(call.stream());
		ComposedPrompt prompt = this.prompts.compose(alias, call.prompt(), call.messages());
		record.prompt(prompt.promptId(), prompt.promptVersion());
		String upstreamModel = (alias.upstreamModel() != null) ? alias.upstreamModel()
				: provider.defaultUpstreamModel();
		ChatRequest request = ChatRequest.builder()
			.messages(prompt.messages())
			.parameters(OpenAiChatRequestParameters.builder()
				.overrideWith(call.parameters())
				.modelName(upstreamModel)
				.build())
			.build();
		return new PreparedCall(call, provider, prompt, request);
	}

	/**
	 * A blocking answer, cancelled upstream if it takes longer than the total timeout.
	 */
	ChatCompletion complete(PreparedCall prepared, ExchangeRecord record) {
		CallContext context = new CallContext();
		long started = System.nanoTime();
		Future<ChatResponse> future = this.calls.submit(() -> context
			.bind(() -> prepared.provider().chatModel(prepared.call().options()).chat(prepared.request())));
		try {
			ChatResponse response = future.get(this.properties.timeouts().totalSeconds(), TimeUnit.SECONDS);
			ChatCompletion completion = ResponseMapper.completion(response, prepared.call().alias().id());
			record.usage(completion.usage());
			return completion;
		}
		catch (TimeoutException ex) {
			context.cancel();
			future.cancel(true);
			throw new UpstreamTimeoutException("total", "The upstream did not answer within "
					+ this.properties.timeouts().totalSeconds() + " s (LLM_TIMEOUT_SECONDS).");
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			context.cancel();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the upstream", ex);
		}
		finally {
			record.upstreamNanos(System.nanoTime() - started);
		}
	}

	/** Starts a stream; the caller drains the returned bridge. */
	StreamBridge startStream(PreparedCall prepared, CallContext context) {
		StreamBridge bridge = new StreamBridge();
		context.run(() -> prepared.provider()
			.streamingChatModel(prepared.call().options())
			.chat(prepared.request(), bridge));
		return bridge;
	}

	LlmProperties.Timeouts timeouts() {
		return this.properties.timeouts();
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
