package com.intelia.llm.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Gateway-wide settings, bound from the environment variables listed in
 * {@code .env.example}.
 *
 * @param provider the active provider ({@code LLM_PROVIDER}): {@code huggingface},
 * {@code vllm} or {@code simulator}
 * @param modelsFile where the model aliases are declared ({@code MODELS_FILE})
 * @param maxRequestBytes the largest request body accepted, beyond which the caller gets
 * 413 ({@code LLM_MAX_REQUEST_BYTES})
 * @param timeouts the limits on an upstream call
 */
@Validated
@ConfigurationProperties("llm")
public record LlmProperties(@NotBlank String provider, @NotBlank String modelsFile,
		@Positive @DefaultValue("8388608") long maxRequestBytes, @Valid Timeouts timeouts) {

	/**
	 * Limits on an upstream call.
	 *
	 * @param totalSeconds the whole answer ({@code LLM_TIMEOUT_SECONDS}), 504 past it
	 * @param firstTokenSeconds the first token of a stream
	 * ({@code LLM_FIRST_TOKEN_TIMEOUT_SECONDS})
	 * @param idleSeconds the longest gap between two stream events
	 * ({@code LLM_IDLE_TIMEOUT_SECONDS})
	 * @param connectSeconds the TCP connect limit ({@code LLM_CONNECT_TIMEOUT_SECONDS})
	 */
	public record Timeouts(@Positive @DefaultValue("120") int totalSeconds,
			@Positive @DefaultValue("60") int firstTokenSeconds, @Positive @DefaultValue("60") int idleSeconds,
			@Positive @DefaultValue("10") int connectSeconds) {
	}

}
