package com.intelia.llm.support;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

/** The official OpenAI Java SDK, as a user would point it at the gateway. */
public final class OpenAiSdk {

	private OpenAiSdk() {
	}

	/**
	 * The SDK on the gateway's {@code /v1}, with a dummy key and no retries of its own,
	 * so that each test sees the gateway's first answer.
	 */
	public static OpenAIClient client(int port) {
		return OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + port + "/v1")
			.apiKey("dummy")
			.maxRetries(0)
			.build();
	}

}
