package com.intelia.llm.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.ssl.SSLHandshakeException;

import com.intelia.llm.error.ApiException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The mapping from an upstream failure to what the caller sees (status, code, headers)
 * and to what the failure means for retries and the circuit breaker. The transport's real
 * exceptions are exercised end to end in {@code TransportFailuresTest}; this table pins
 * the mapping of every kind.
 */
class UpstreamErrorsTest {

	static final UpstreamSettings VLLM = new UpstreamSettings("vllm", "http://gpu-server:8000/v1", "VLLM_URL",
			"VLLM_API_KEY", false);

	static Stream<Arguments> failures() {
		return Stream.of(
				// failure, status, code, kind
				arguments(http(400), 400, "upstream_invalid_request", UpstreamFailure.REJECTED),
				arguments(http(401), 502, "upstream_auth_failed", UpstreamFailure.REJECTED),
				arguments(http(403), 502, "upstream_auth_failed", UpstreamFailure.REJECTED),
				arguments(http(404), 502, "upstream_model_not_found", UpstreamFailure.REJECTED),
				arguments(http(408), 504, "upstream_timeout", UpstreamFailure.SERVER_ERROR),
				arguments(http(422), 400, "upstream_invalid_request", UpstreamFailure.REJECTED),
				arguments(http(429), 429, "upstream_rate_limited", UpstreamFailure.RATE_LIMITED),
				arguments(http(500), 502, "upstream_error", UpstreamFailure.SERVER_ERROR),
				arguments(http(502), 502, "upstream_error", UpstreamFailure.SERVER_ERROR),
				arguments(http(503), 503, "upstream_unavailable", UpstreamFailure.SERVER_ERROR),
				arguments(http(504), 504, "upstream_timeout", UpstreamFailure.SERVER_ERROR),
				arguments(new UpstreamHttpException(503, "{\"error\":\"Model x is currently loading\"}", Map.of()), 503,
						"upstream_unavailable", UpstreamFailure.COLD_START),
				arguments(wrapped(new UnknownHostException("nohost.invalid")), 502, "upstream_unknown_host",
						UpstreamFailure.UNKNOWN_HOST),
				arguments(wrapped(new HttpHostConnectException("Connection refused")), 503, "upstream_unavailable",
						UpstreamFailure.CONNECTION_REFUSED),
				arguments(wrapped(new ConnectException("Connection refused")), 503, "upstream_unavailable",
						UpstreamFailure.CONNECTION_REFUSED),
				arguments(wrapped(new ConnectTimeoutException("Connect timed out")), 504, "upstream_timeout",
						UpstreamFailure.CONNECT_TIMEOUT),
				arguments(wrapped(new HttpConnectTimeoutException("connect timed out")), 504, "upstream_timeout",
						UpstreamFailure.CONNECT_TIMEOUT),
				arguments(wrapped(new SSLHandshakeException("Remote host terminated the handshake")), 502,
						"upstream_tls_error", UpstreamFailure.TLS),
				arguments(wrapped(new SocketException("Connection reset")), 502, "upstream_error",
						UpstreamFailure.CONNECTION_LOST),
				arguments(wrapped(new NoHttpResponseException("gpu-server:8000 failed to respond")), 502,
						"upstream_error", UpstreamFailure.CONNECTION_LOST),
				arguments(new UpstreamTimeoutException("first_token", "no token"), 504, "upstream_timeout",
						UpstreamFailure.TIMEOUT),
				arguments(new UpstreamStreamException("ended before [DONE]"), 502, "upstream_stream_error",
						UpstreamFailure.CONNECTION_LOST),
				arguments(new RuntimeException(new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected")),
						502, "upstream_error", UpstreamFailure.UNREADABLE),
				arguments(new IllegalStateException("odd"), 502, "upstream_error", UpstreamFailure.OTHER));
	}

	@ParameterizedTest
	@MethodSource("failures")
	void maps_each_failure_to_a_status_a_code_and_a_kind(Throwable failure, int status, String code,
			UpstreamFailure kind) {
		ApiException api = UpstreamErrors.explain(failure, VLLM, "m", HttpErrorExplainer.NONE);

		assertThat(api.status().value()).isEqualTo(status);
		assertThat(api.code()).isEqualTo(code);
		assertThat(UpstreamFailure.of(failure)).isEqualTo(kind);
	}

	@Test
	void only_signs_of_an_unwell_upstream_count_against_it() {
		assertThat(Stream.of(UpstreamFailure.values()).filter(UpstreamFailure::unhealthy)).containsExactlyInAnyOrder(
				UpstreamFailure.CONNECTION_REFUSED, UpstreamFailure.CONNECT_TIMEOUT, UpstreamFailure.CONNECTION_LOST,
				UpstreamFailure.TIMEOUT, UpstreamFailure.SERVER_ERROR);
		assertThat(UpstreamFailure.of(new ClientGone())).isEqualTo(UpstreamFailure.ABANDONED);
		assertThat(UpstreamFailure.of(ApiException.invalidParam("x", "ours"))).isEqualTo(UpstreamFailure.REFUSED_HERE);
	}

	@Test
	void an_unknown_host_names_the_host_and_the_variable_to_fix() {
		ApiException api = UpstreamErrors.explain(wrapped(new UnknownHostException("gpu-server")), VLLM, "m",
				HttpErrorExplainer.NONE);

		assertThat(api.getMessage()).contains("'gpu-server'", "VLLM_URL");
		assertThat(api.headers()).containsEntry("x-should-retry", "false");
	}

	@Test
	void a_tls_failure_says_tls_failed_and_names_the_host() {
		ApiException api = UpstreamErrors.explain(wrapped(new SSLHandshakeException("unrecognized SSL message")), VLLM,
				"m", HttpErrorExplainer.NONE);

		assertThat(api.getMessage()).contains("TLS", "'gpu-server'", "VLLM_URL");
	}

	@Test
	void a_rate_limit_keeps_or_gets_a_retry_after() {
		assertThat(UpstreamErrors
			.explain(new UpstreamHttpException(429, "", Map.of("retry-after", List.of("7"))), VLLM, "m",
					HttpErrorExplainer.NONE)
			.headers()).containsEntry("Retry-After", "7");
		assertThat(UpstreamErrors.explain(http(429), VLLM, "m", HttpErrorExplainer.NONE).headers())
			.containsKey("Retry-After");
	}

	@Test
	void a_providers_own_explanation_wins_over_the_generic_one() {
		ApiException own = ApiException.invalidParam(null, "explained by the provider");

		assertThat(UpstreamErrors.explain(http(403), VLLM, "m", (http, model) -> own)).isSameAs(own);
	}

	private static UpstreamHttpException http(int status) {
		return new UpstreamHttpException(status, "{\"error\":\"x\"}", Map.of());
	}

	/** As the transport throws it: an unchecked wrapper around the I/O failure. */
	private static RuntimeException wrapped(IOException cause) {
		return new java.io.UncheckedIOException("The upstream call failed", cause);
	}

}
