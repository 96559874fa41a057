package com.intelia.llm.access;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access control and load protection.
 *
 * @param apiKeys accepted keys, comma-separated, each {@code key} or {@code name:key}
 * ({@code LLM_API_KEYS}); empty with no file means the service is open
 * @param apiKeysFile a file of accepted keys, one {@code key} or {@code name:key} per
 * line, {@code #} comments allowed ({@code LLM_API_KEYS_FILE})
 * @param openMetrics whether {@code /metrics} answers without a key
 * ({@code LLM_METRICS_OPEN})
 * @param openDocs whether {@code /docs}, {@code /openapi.json} and the Swagger UI answer
 * without a key ({@code LLM_DOCS_OPEN})
 * @param rateLimit the per-key budgets
 * @param concurrency the global cap on chat answers in flight
 * @param maxJsonDepth the deepest nesting of objects and arrays a request body may have
 * ({@code LLM_MAX_JSON_DEPTH})
 * @param shutdownDrainSeconds how long, once shutdown starts, the service keeps serving
 * while readiness answers 503, so a load balancer stops sending before the port closes
 * ({@code LLM_SHUTDOWN_DRAIN_SECONDS})
 * @param adminKeys admin keys, in the same {@code key} or {@code name:key} entries as
 * {@code apiKeys} ({@code LLM_ADMIN_KEYS}); they are accepted on {@code /v1/datasets}
 * only, and ordinary keys are not accepted there
 */
@Validated
@ConfigurationProperties("llm.access")
record AccessProperties(@DefaultValue("") String apiKeys, @DefaultValue("") String apiKeysFile,
		@DefaultValue("true") boolean openMetrics, @DefaultValue("true") boolean openDocs,
		@Valid @DefaultValue RateLimit rateLimit, @Valid @DefaultValue Concurrency concurrency,
		@Positive @Max(1000) @DefaultValue("64") int maxJsonDepth,
		@PositiveOrZero @DefaultValue("0") int shutdownDrainSeconds, @DefaultValue("") String adminKeys) {

	@ConstructorBinding
	AccessProperties {
	}

	/** Settings without admin keys. */
	AccessProperties(String apiKeys, String apiKeysFile, boolean openMetrics, boolean openDocs, RateLimit rateLimit,
			Concurrency concurrency, int maxJsonDepth, int shutdownDrainSeconds) {
		this(apiKeys, apiKeysFile, openMetrics, openDocs, rateLimit, concurrency, maxJsonDepth, shutdownDrainSeconds,
				"");
	}

	@Override
	public String toString() {
		// The keys are secrets: say only whether there are any.
		return "AccessProperties[apiKeys=" + (this.apiKeys.isBlank() ? "none" : "***") + ", apiKeysFile="
				+ this.apiKeysFile + ", openMetrics=" + this.openMetrics + ", openDocs=" + this.openDocs
				+ ", rateLimit=" + this.rateLimit + ", concurrency=" + this.concurrency + ", maxJsonDepth="
				+ this.maxJsonDepth + ", shutdownDrainSeconds=" + this.shutdownDrainSeconds + ", adminKeys="
				+ (this.adminKeys.isBlank() ? "none" : "***") + "]";
	}

	/**
	 * Budgets per key (or for all callers together when keys are off); 0 turns a budget
	 * off.
	 *
	 * @param requestsPerMinute chat requests per minute ({@code LLM_RATE_LIMIT_RPM})
	 * @param tokensPerMinute tokens per minute, counted from the usage of finished
	 * answers ({@code LLM_RATE_LIMIT_TPM})
	 */
	record RateLimit(@PositiveOrZero @DefaultValue("0") long requestsPerMinute,
			@PositiveOrZero @DefaultValue("0") long tokensPerMinute) {
	}

	/**
	 * How much {@code POST /v1/chat/completions} load this replica takes. By default
	 * every limit is derived from the JVM's maximum heap ({@link LoadLimits}); a value
	 * set here wins.
	 *
	 * @param maxRequests answers in flight at once, or 0 to derive it from the heap
	 * ({@code LLM_MAX_CONCURRENT_REQUESTS})
	 * @param maxWaiting requests that may wait for a slot, or 0 to derive it from the
	 * heap ({@code LLM_MAX_WAITING_REQUESTS})
	 * @param queueWaitMs how long a request past the cap waits for a free slot before it
	 * gets 429 ({@code LLM_QUEUE_WAIT_MS})
	 */
	record Concurrency(@PositiveOrZero @DefaultValue("0") int maxRequests,
			@PositiveOrZero @DefaultValue("0") int maxWaiting, @PositiveOrZero @DefaultValue("2000") long queueWaitMs) {
	}

}
