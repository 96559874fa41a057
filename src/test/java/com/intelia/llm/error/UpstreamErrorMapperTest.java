package com.intelia.llm.error;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.List;
import java.util.Map;

import com.intelia.llm.provider.ProviderCallException;
import com.intelia.llm.provider.UpstreamHttpException;
import com.intelia.llm.provider.UpstreamStreamException;
import com.intelia.llm.provider.UpstreamTimeoutException;
import com.intelia.llm.resilience.ResilienceProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one mapping from upstream failures to what the caller sees: status, code and
 * headers.
 */
class UpstreamErrorMapperTest {

	private final UpstreamErrorMapper mapper = new UpstreamErrorMapper(new ResilienceProperties(2, 250, 4000, 30,
			new ResilienceProperties.Circuit(50, 10, 5, 30, 2), null, null, 0, null));

	@Test
	void maps_each_upstream_status_to_a_gateway_status_and_code() {
		assertMapped(http(400), 400, "upstream_invalid_request");
		assertMapped(http(401), 502, "upstream_auth_failed");
		assertMapped(http(403), 502, "upstream_auth_failed");
		assertMapped(http(404), 502, "upstream_model_not_found");
		assertMapped(http(408), 504, "upstream_timeout");
		assertMapped(http(429), 429, "upstream_rate_limited");
		assertMapped(http(500), 502, "upstream_error");
		assertMapped(http(503), 503, "upstream_unavailable");
		assertMapped(http(504), 504, "upstream_timeout");
	}

	@Test
	void maps_transport_failures() {
		assertMapped(upstream(new HttpConnectTimeoutException("connect timed out")), 504, "upstream_timeout");
		assertMapped(upstream(new ConnectException("Connection refused")), 503, "upstream_unavailable");
		assertMapped(new UpstreamTimeoutException("first_token", "no token"), 504, "upstream_timeout");
		assertMapped(new UpstreamStreamException("ended before [DONE]"), 502, "upstream_stream_error");
		assertMapped(upstream(new IllegalStateException("odd")), 502, "upstream_error");
	}

	@Test
	void our_own_failure_is_a_500_that_leaks_nothing() {
		ApiException api = this.mapper.map(new NullPointerException("secret internals"));
		assertThat(api.status().value()).isEqualTo(500);
		assertThat(api.getMessage()).doesNotContain("secret internals");
	}

	@Test
	void an_open_circuit_names_the_provider_and_when_to_come_back() {
		CallNotPermittedException open = CallNotPermittedException
			.createCallNotPermittedException(CircuitBreaker.ofDefaults("vllm"));
		ApiException api = this.mapper.map(new ProviderCallException("vllm", "m", open));
		assertThat(api.status().value()).isEqualTo(503);
		assertThat(api.code()).isEqualTo("circuit_open");
		assertThat(api.getMessage()).contains("'vllm'");
		assertThat(api.headers()).containsEntry("Retry-After", "30");
	}

	@Test
	void a_rate_limit_keeps_or_gets_a_retry_after() {
		assertThat(this.mapper.map(upstream(new UpstreamHttpException(429, "", Map.of("retry-after", List.of("7")))))
			.headers()).containsEntry("Retry-After", "7");
		assertThat(this.mapper.map(http(429)).headers()).containsKey("Retry-After");
	}

	private void assertMapped(Throwable failure, int status, String code) {
		ApiException api = this.mapper.map(failure);
		assertThat(api.status().value()).as("%s", failure).isEqualTo(status);
		assertThat(api.code()).as("%s", failure).isEqualTo(code);
	}

	private static ProviderCallException http(int status) {
		return upstream(new UpstreamHttpException(status, "{\"error\":\"x\"}", Map.of()));
	}

	private static ProviderCallException upstream(Throwable cause) {
		return new ProviderCallException("vllm", "m", cause);
	}

}
