package com.intelia.llm.resilience;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.intelia.llm.error.Causes;
import com.intelia.llm.provider.UpstreamFailure;
import com.intelia.llm.provider.UpstreamHttpException;
import dev.langchain4j.exception.HttpException;
import org.jspecify.annotations.Nullable;

/**
 * What an upstream failure says about trying again: its kind, and how long the upstream
 * asked us to wait ({@code Retry-After}, {@code retry-after-ms}, or HuggingFace's
 * {@code estimated_time} while a model loads).
 *
 * @param kind the kind of failure
 * @param hint the wait the upstream asked for, or null
 */
record RetryDecision(UpstreamFailure kind, @Nullable Duration hint) {

	private static final Pattern ESTIMATED_TIME = Pattern.compile("\"estimated_time\"\\s*:\\s*([0-9.]+)");

	static RetryDecision of(Throwable failure) {
		UpstreamFailure kind = UpstreamFailure.of(failure);
		UpstreamHttpException http = Causes.find(failure, UpstreamHttpException.class);
		if (kind == UpstreamFailure.COLD_START) {
			Matcher estimated = ESTIMATED_TIME
				.matcher(String.valueOf(Causes.find(failure, HttpException.class).getMessage()));
			return new RetryDecision(kind, estimated.find()
					? Duration.ofMillis((long) (Double.parseDouble(estimated.group(1)) * 1000)) : null);
		}
		return new RetryDecision(kind, (kind.retryable() && http != null) ? retryAfter(http) : null);
	}

	/** Whether another attempt may succeed. */
	boolean retryable() {
		return this.kind.retryable();
	}

	/**
	 * Whether the model is loading: waited out within the timeout, not counted as a
	 * retry.
	 */
	boolean coldStart() {
		return this.kind == UpstreamFailure.COLD_START;
	}

	/**
	 * The wait from {@code retry-after-ms}, or from {@code Retry-After} in seconds or as
	 * a date.
	 */
	static @Nullable Duration retryAfter(UpstreamHttpException http) {
		String millis = http.header("retry-after-ms");
		if (millis != null) {
			try {
				return Duration.ofMillis((long) Double.parseDouble(millis.strip()));
			}
			catch (NumberFormatException ignored) {
				// Fall back to Retry-After.
			}
		}
		String after = http.header("retry-after");
		if (after == null) {
			return null;
		}
		try {
			return Duration.ofMillis((long) (Double.parseDouble(after.strip()) * 1000));
		}
		catch (NumberFormatException notSeconds) {
			try {
				ZonedDateTime when = ZonedDateTime.parse(after.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (RuntimeException notADate) {
				return null;
			}
		}
	}

}
