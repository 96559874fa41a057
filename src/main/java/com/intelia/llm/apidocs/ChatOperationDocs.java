package com.intelia.llm.apidocs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * The documented {@code POST /v1/chat/completions}: request and answers with examples,
 * streaming, and one OpenAI error envelope per status the endpoint can send.
 */
final class ChatOperationDocs {

	static final String PATH = "/v1/chat/completions";

	static final String EXAMPLE_MODEL = "intelia-llama-3.1-8b-aviculture";

	private static final String DESCRIPTION = """
			Answers a conversation through the model behind an alias, blocking or streaming. \
			The request and answer are OpenAI's; any OpenAI client works with this base URL.

			**Streaming** (`"stream": true`): the answer is `text/event-stream`. Each event is \
			`data: <chat.completion.chunk JSON>` and a blank line, flushed as soon as a token arrives. \
			The first chunk carries `delta.role`, the next ones `delta.content` (or `delta.tool_calls`), \
			the last content chunk a `finish_reason`. With `stream_options.include_usage`, one more chunk \
			with empty `choices` carries `usage`. The stream ends with exactly one `data: [DONE]`. Lines \
			starting with `:` are keep-alive comments.

			**Errors in a stream**: a failure before the first token is a plain HTTP error, listed below. \
			After it the status is already 200, so a failure is sent as a final \
			`data: {"error":{...}}` event in the same envelope, and **no** `[DONE]` follows: a client \
			never mistakes a cut answer for a whole one.

			**Domain prompt** (`prompt`, an Intelia extension): selects a versioned system prompt merged \
			before the conversation; without it the alias's default applies. The `X-Prompt-Id` and \
			`X-Prompt-Version` headers of the answer say which one was used.

			Every answer carries `X-Request-Id` (the caller's, when sane, or a new one) and \
			`X-LLM-Provider`.""";

	private ChatOperationDocs() {
	}

	static Operation operation() {
		return new Operation().operationId("createChatCompletion")
			.addTagsItem("Chat")
			.summary("Create a chat completion")
			.description(DESCRIPTION)
			.requestBody(new RequestBody().required(true)
				.content(new Content().addMediaType("application/json",
						new MediaType().schema(WireSchemas.ref("ChatCompletionRequest"))
							.addExamples("aviculture",
									new Example().summary("The README's example").value(requestExample())))))
			.responses(responses());
	}

	static Map<String, Object> requestExample() {
		Map<String, Object> example = new LinkedHashMap<>();
		example.put("model", EXAMPLE_MODEL);
		example.put("messages", List.of(
				Map.of("role", "system", "content",
						"Context: Élevage de poulets de chair Ross 308, 25 000 sujets, J21."),
				Map.of("role", "user", "content", "Quelle est la température idéale pour des poulets de 21 jours ?")));
		example.put("temperature", 0.7);
		example.put("max_tokens", 500);
		return example;
	}

	private static ApiResponses responses() {
		ApiResponses responses = new ApiResponses().addApiResponse("200", success());
		ErrorExamples.ALL.forEach((status, error) -> responses.addApiResponse(status, error.response()));
		return responses;
	}

	private static ApiResponse success() {
		Content content = new Content()
			.addMediaType("application/json",
					new MediaType().schema(WireSchemas.ref("ChatCompletion")).example(completionExample()))
			.addMediaType("text/event-stream",
					new MediaType()
						.schema(new Schema<String>().types(Set.of("string"))
							.description("Server-sent events, each a data line holding a ChatCompletionChunk, then "
									+ "data: [DONE]; see the operation's description."))
						.example(streamExample()));
		return new ApiResponse().description("The answer: JSON, or a stream of chunks when stream is true.")
			.content(content)
			.headers(headers());
	}

	private static Map<String, Header> headers() {
		Map<String, Header> headers = new LinkedHashMap<>();
		headers.put("X-Request-Id", header("The request id, also in every log line of the request."));
		headers.put("X-LLM-Provider", header("The provider that served the answer."));
		headers.put("X-Prompt-Id", header("The domain prompt used, when one was."));
		headers.put("X-Prompt-Version", header("Its version, when one was used."));
		return headers;
	}

	static Header header(String description) {
		return new Header().description(description).schema(new Schema<String>().types(Set.of("string")));
	}

	private static Map<String, Object> completionExample() {
		Map<String, Object> example = new LinkedHashMap<>();
		example.put("id", "chatcmpl-7f3c2a");
		example.put("object", "chat.completion");
		example.put("created", 1767225600);
		example.put("model", EXAMPLE_MODEL);
		example
			.put("choices",
					List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content",
							"À 21 jours, visez 24 à 26 °C au niveau des animaux, en observant leur répartition."),
							"finish_reason", "stop")));
		example.put("usage", Map.of("prompt_tokens", 62, "completion_tokens", 24, "total_tokens", 86));
		return example;
	}

	private static String streamExample() {
		String head = "{\"id\":\"chatcmpl-7f3c2a\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
				+ "\"model\":\"" + EXAMPLE_MODEL + "\",";
		return "data: " + head
				+ "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n"
				+ "data: " + head
				+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"À 21 jours\"},\"finish_reason\":null}]}\n\n"
				+ "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
				+ "data: [DONE]\n\n";
	}

}
