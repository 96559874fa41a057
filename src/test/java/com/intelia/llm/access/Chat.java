package com.intelia.llm.access;

/** The chat requests the access tests send. */
final class Chat {

	static final String MODEL = "intelia-llama-3.1-8b-aviculture";

	static final String PATH = "/v1/chat/completions";

	private Chat() {
	}

	/** A chat request for the test alias. */
	static String body(String content, int maxTokens, boolean stream) {
		return """
				{"model":"%s","messages":[{"role":"user","content":"%s"}],"max_tokens":%d,"stream":%b}"""
			.formatted(MODEL, content, maxTokens, stream);
	}

}
