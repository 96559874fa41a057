package com.intelia.llm.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema check itself can fail: documents that break OpenAI's schemas are caught.
 */
class OpenAiSchemasTest {

	@Test
	void catches_a_response_without_refusal_or_with_a_bad_finish_reason() {
		String valid = """
				{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
				"message":{"role":"assistant","content":"hi","refusal":null},"logprobs":null,"finish_reason":"stop"}]}""";
		assertThat(OpenAiSchemas.validate(OpenAiSchemas.RESPONSE, valid)).isEmpty();
		assertThat(OpenAiSchemas.validate(OpenAiSchemas.RESPONSE, valid.replace(",\"refusal\":null", ""))).isNotEmpty();
		assertThat(OpenAiSchemas.validate(OpenAiSchemas.RESPONSE, valid.replace("\"stop\"", "\"abort\""))).isNotEmpty();
		assertThat(OpenAiSchemas.validate(OpenAiSchemas.RESPONSE, valid.replace("\"created\":1", "\"created\":\"1\"")))
			.isNotEmpty();
	}

	@Test
	void accepts_a_null_finish_reason_in_chunks_but_not_a_missing_one() {
		String chunk = """
				{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,
				"delta":{"content":"a"},"finish_reason":null}]}""";
		assertThat(OpenAiSchemas.validate(OpenAiSchemas.CHUNK, chunk)).isEmpty();
		assertThat(OpenAiSchemas.validate(OpenAiSchemas.CHUNK, chunk.replace(",\"finish_reason\":null", "")))
			.isNotEmpty();
	}

	@Test
	void requires_all_four_error_keys() {
		assertThat(OpenAiSchemas.validate(OpenAiSchemas.ERROR,
				"{\"error\":{\"message\":\"m\",\"type\":\"t\",\"param\":null,\"code\":null}}"))
			.isEmpty();
		assertThat(OpenAiSchemas.validate(OpenAiSchemas.ERROR, "{\"error\":{\"message\":\"m\",\"type\":\"t\"}}"))
			.isNotEmpty();
	}

}
