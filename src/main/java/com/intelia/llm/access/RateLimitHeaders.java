package com.intelia.llm.access;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.intelia.llm.access.Budget.Window;
import org.jspecify.annotations.Nullable;

/**
 * The {@code x-ratelimit-*} headers as OpenAI sends them: limit, remaining, and the time
 * until the budget is full again written like {@code 6m0s}, {@code 1.5s} or {@code 20ms}.
 */
final class RateLimitHeaders {

	private RateLimitHeaders() {
	}

	static void put(Map<String, String> headers, String what, @Nullable Window window) {
		if (window != null) {
			headers.put("x-ratelimit-limit-" + what, Long.toString(window.limit()));
			headers.put("x-ratelimit-remaining-" + what, Long.toString(window.remaining()));
			headers.put("x-ratelimit-reset-" + what, duration(window.resetNanos()));
		}
	}

	/** Whole seconds, rounded up and at least 1, as {@code Retry-After} wants. */
	static String retryAfterSeconds(long nanos) {
		return Long.toString(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
	}

	static String duration(long nanos) {
		long millis = TimeUnit.NANOSECONDS.toMillis(Math.max(0, nanos));
		if (millis < 1000) {
			return millis + "ms";
		}
		long minutes = millis / 60_000;
		BigDecimal seconds = BigDecimal.valueOf(millis % 60_000, 3).setScale(2, RoundingMode.UP).stripTrailingZeros();
		String secondsText = seconds.toPlainString() + "s";
		return (minutes > 0) ? minutes + "m" + secondsText : secondsText;
	}

}
