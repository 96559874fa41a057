package com.intelia.llm.access;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTest {

	@ParameterizedTest(name = "{0} ns -> {1}")
	@CsvSource(textBlock = """
			0,                0ms
			20_000_000,       20ms
			1_500_000_000,    1.5s
			7_661_000_000,    7.67s
			360_000_000_000,  6m0s
			61_000_000_000,   1m1s
			""")
	void writes_durations_the_way_openai_does(String nanos, String header) {
		assertThat(RateLimitHeaders.duration(Long.parseLong(nanos.replace("_", "")))).isEqualTo(header);
	}

	@ParameterizedTest(name = "{0} ns -> {1}")
	@CsvSource(textBlock = """
			1,                1
			1_001_000_000,    2
			20_000_000_000,   20
			""")
	void retry_after_is_whole_seconds_rounded_up(String nanos, String header) {
		assertThat(RateLimitHeaders.retryAfterSeconds(Long.parseLong(nanos.replace("_", "")))).isEqualTo(header);
	}

}
