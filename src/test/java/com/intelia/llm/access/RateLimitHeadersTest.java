package com.intelia.llm.access;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTest {

	@Test
	void writes_durations_the_way_openai_does() {
		assertThat(RateLimitHeaders.duration(0)).isEqualTo("0ms");
		assertThat(RateLimitHeaders.duration(TimeUnit.MILLISECONDS.toNanos(20))).isEqualTo("20ms");
		assertThat(RateLimitHeaders.duration(TimeUnit.MILLISECONDS.toNanos(1500))).isEqualTo("1.5s");
		assertThat(RateLimitHeaders.duration(TimeUnit.MILLISECONDS.toNanos(7_661))).isEqualTo("7.67s");
		assertThat(RateLimitHeaders.duration(TimeUnit.MINUTES.toNanos(6))).isEqualTo("6m0s");
		assertThat(RateLimitHeaders.duration(TimeUnit.SECONDS.toNanos(61))).isEqualTo("1m1s");
	}

	@Test
	void retry_after_is_whole_seconds_rounded_up() {
		assertThat(RateLimitHeaders.retryAfterSeconds(1)).isEqualTo("1");
		assertThat(RateLimitHeaders.retryAfterSeconds(TimeUnit.MILLISECONDS.toNanos(1001))).isEqualTo("2");
		assertThat(RateLimitHeaders.retryAfterSeconds(TimeUnit.SECONDS.toNanos(20))).isEqualTo("20");
	}

}
