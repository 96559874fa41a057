package com.intelia.llm.observability;

import com.intelia.llm.exchange.Exchange;
import com.intelia.llm.exchange.Tokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/** How one exchange moves the meters, without a server. */
class ExchangeMetricsTest {

	static final long SECOND = 1_000_000_000L;

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	final ExchangeMetrics metrics = new ExchangeMetrics(this.registry);

	static final java.util.List<String> ERROR_TYPES = Labels.TYPES;

	@ParameterizedTest
	@FieldSource("ERROR_TYPES")
	void counts_each_error_type_once(String type) {
		this.metrics.onExchange(exchange("m", "p", 502, type, 0, null));

		assertThat(errors(type)).isEqualTo(1);
		assertThat(this.registry.find("llm.errors").counters())
			.filteredOn((counter) -> !counter.getId().getTag("type").equals(type))
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	@Test
	void counts_an_unforeseen_error_type_as_other() {
		this.metrics.onExchange(exchange("m", "p", 500, "brand_new_failure", 0, null));

		assertThat(errors("other")).isEqualTo(1);
		assertThat(this.registry.find("llm.errors").tag("type", "brand_new_failure").counter()).isNull();
	}

	@Test
	void counts_a_stream_that_failed_after_starting_as_200_with_its_error() {
		this.metrics.onExchange(exchange("m", "p", 200, "upstream_5xx", SECOND, null));

		assertThat(this.registry.get("llm.requests").tag("status", "200").counter().count()).isEqualTo(1);
		assertThat(errors("upstream_5xx")).isEqualTo(1);
	}

	@Test
	void records_no_latency_for_a_request_the_caller_got_wrong() {
		this.metrics.onExchange(exchange("m", "p", 400, "invalid_request", 0, null));

		assertThat(this.registry.find("llm.inference.duration").timer()).isNull();
		assertThat(this.registry.find("llm.gateway.overhead").timer()).isNull();
	}

	@Test
	void records_overhead_as_duration_minus_upstream_time() {
		this.metrics.onExchange(exchange("m", "p", 200, null, 2 * SECOND, new Tokens(3, 4)));

		assertThat(this.registry.get("llm.gateway.overhead").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS))
			.isEqualTo(1.0);
		assertThat(this.registry.get("llm.tokens.prompt").counter().count()).isEqualTo(3);
		assertThat(this.registry.get("llm.tokens.generated").counter().count()).isEqualTo(4);
	}

	@Test
	void counts_prompt_versions_on_their_own_series() {
		this.metrics.onExchange(new Exchange("r", null, "m", "p", "aviculture", "v2", false, 200, null, SECOND, SECOND,
				-1, null, false));

		assertThat(this.registry.get("llm.prompt.requests")
			.tags("prompt", "aviculture", "version", "v2", "status", "200")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("llm.requests").counter().getId().getTag("version")).isNull();
	}

	private double errors(String type) {
		return this.registry.get("llm.errors").tag("type", type).counter().count();
	}

	/** An exchange of 3 s, {@code upstream} of which upstream. */
	private static Exchange exchange(String model, String provider, int status, @Nullable String errorType,
			long upstream, @Nullable Tokens usage) {
		return new Exchange("req-1", "team-a", model, provider, null, null, false, status, errorType, 3 * SECOND,
				upstream, -1, usage, false);
	}

}
