package com.intelia.llm.transport;

/** OpenAI stream chunks as a vLLM server writes them. */
final class Chunks {

	private Chunks() {
	}

	static String role() {
		return chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null");
	}

	static String text(String text) {
		return chunk("{\"content\":\"" + text + "\"}", "null");
	}

	static String stop() {
		return chunk("{}", "\"stop\"");
	}

	static String chunk(String delta, String finishReason) {
		return """
				{"id":"chatcmpl-f1","object":"chat.completion.chunk","created":1700000000,"model":"fake-model",\
				"choices":[{"index":0,"delta":%s,"finish_reason":%s}]}""".formatted(delta, finishReason);
	}

	static String blockingRequest(String question) {
		return """
				{"model":"test-model","messages":[{"role":"user","content":"%s"}]}""".formatted(question);
	}

	static String streamRequest(String question) {
		return """
				{"model":"test-model","stream":true,"messages":[{"role":"user","content":"%s"}]}""".formatted(question);
	}

}
