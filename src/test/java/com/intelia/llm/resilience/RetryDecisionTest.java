package com.intelia.llm.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.intelia.llm.provider.UpstreamHttpException;
import com.intelia.llm.provider.UpstreamTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each upstream failure says about trying again.
 */
class RetryDecisionTest {

	@Test
	void transient_statuses_and_connection_failures_are_retryable_client_errors_are_not() {
		for (int status : new int[] { 408, 429, 500, 502, 503, 504 }) {
			assertThat(RetryDecision.of(new UpstreamHttpException(status, "x", Map.of())).retryable()).as("%d", status)
				.isTrue();
		}
		for (int status : new int[] { 400, 401, 403, 404, 422 }) {
			assertThat(RetryDecision.of(new UpstreamHttpException(status, "x", Map.of())).retryable()).as("%d", status)
				.isFalse();
		}
		assertThat(RetryDecision.of(new RuntimeException(new ConnectException("refused"))).retryable()).isTrue();
	}

	@Test
	void an_answer_that_cannot_be_parsed_is_not_asked_for_again() {
		IOException parse = new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character");
		assertThat(RetryDecision.of(new RuntimeException(parse)).retryable()).isFalse();
		assertThat(RetryDecision.of(new RuntimeException(parse)).kind().unhealthy()).isFalse();
	}

	@Test
	void a_timeout_is_not_retried_but_counts_against_the_upstream() {
		UpstreamTimeoutException timeout = new UpstreamTimeoutException("total", "slow");
		assertThat(RetryDecision.of(timeout).retryable()).isFalse();
		assertThat(RetryDecision.of(timeout).kind().unhealthy()).isTrue();
		assertThat(RetryDecision.of(new UpstreamHttpException(400, "bad", Map.of())).kind().unhealthy()).isFalse();
	}

	@Test
	void reads_the_waits_the_upstream_asks_for() {
		RetryDecision loading = RetryDecision.of(new UpstreamHttpException(503,
				"{\"error\":\"Model x is currently loading\",\"estimated_time\":12.5}", Map.of()));
		assertThat(loading.coldStart()).isTrue();
		assertThat(loading.hint()).isEqualTo(Duration.ofMillis(12500));
		assertThat(
				RetryDecision.of(new UpstreamHttpException(429, "", Map.of("retry-after-ms", List.of("250")))).hint())
			.isEqualTo(Duration.ofMillis(250));
		assertThat(RetryDecision.of(new UpstreamHttpException(429, "", Map.of("retry-after", List.of("3")))).hint())
			.isEqualTo(Duration.ofSeconds(3));
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(30));
		assertThat(RetryDecision.of(new UpstreamHttpException(429, "", Map.of("retry-after", List.of(date)))).hint())
			.isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));
	}

}
