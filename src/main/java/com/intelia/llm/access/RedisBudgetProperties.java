package com.intelia.llm.access;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Redis server that holds the per-key budgets when several replicas share them.
 *
 * @param url {@code redis://[[user]:password@]host[:port][/database]}, or
 * {@code rediss://…} for TLS ({@code REDIS_URL}); empty keeps each replica's budgets in
 * its own memory
 * @param timeoutMs the longest one Redis call may take; past it the request is served
 * without its budget ({@code LLM_REDIS_TIMEOUT_MS})
 */
@Validated
@ConfigurationProperties("llm.redis")
record RedisBudgetProperties(@DefaultValue("") String url, @Min(1) @Max(10_000) @DefaultValue("100") long timeoutMs) {

	@Override
	public String toString() {
		// The URL may carry the password.
		return "RedisBudgetProperties[url=" + (this.url.isBlank() ? "none" : "***") + ", timeoutMs=" + this.timeoutMs
				+ "]";
	}

}
