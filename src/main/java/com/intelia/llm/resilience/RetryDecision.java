package com.intelia.llm.resilience;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.intelia.llm.error.Causes;
import com.intelia.llm.provider.UpstreamHttpException;
import com.intelia.llm.provider.UpstreamStreamException;
import com.intelia.llm.provider.UpstreamTimeoutException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import org.jspecify.annotations.Nullable;

/**
 * What an upstream failure says about trying again: whether it may succeed, and how long
 * the upstream asked us to wait ({@code Retry-After}, {@code retry-after-ms}, or
 * HuggingFace's {@code estimated_time} while a model loads).
 *
 * @param retryable whether another attempt may succeed
 * @param coldStart whether the model is loading (waited out within the timeout, not
 * counted as a retry)
 * @param hint the wait the upstream asked for, or null
 */
record RetryDecision(boolean retryable, boolean coldStart, @Nullable Duration hint) {

	private static final Set<Integer> RETRYABLE = Set.of(408, 429, 500, 502, 503, 504);

	private static final Pattern ESTIMATED_TIME = Pattern.compile("\"estimated_time\"\\s*:\\s*([0-9.]+)");

	private static final RetryDecision NO = new RetryDecision(false, false, null);

	static RetryDecision of(Throwable failure) {
		HttpException http = Causes.find(failure, HttpException.class);
		if (http != null) {
			return fromStatus(http);
		}
		if (Causes.find(failure, UpstreamTimeoutException.class) != null || unreadableAnswer(failure)) {
			return NO;
		}
		if (Causes.find(failure, UpstreamStreamException.class) != null
				|| Causes.find(failure, IOException.class) != null
				|| Causes.find(failure, UnresolvedModelServerException.class) != null
				|| Causes.find(failure, HttpTimeoutException.class) != null) {
			return new RetryDecision(true, false, null);
		}
		return NO;
	}

	private static RetryDecision fromStatus(HttpException http) {
		int status = http.statusCode();
		if (!RETRYABLE.contains(status)) {
			return NO;
		}
		String body = (http.getMessage() != null) ? http.getMessage() : "";
		Matcher estimated = ESTIMATED_TIME.matcher(body);
		if (status == 503 && estimated.find()) {
			return new RetryDecision(true, true,
					Duration.ofMillis((long) (Double.parseDouble(estimated.group(1)) * 1000)));
		}
		if (status == 503 && body.contains("currently loading")) {
			return new RetryDecision(true, true, null);
		}
		return new RetryDecision(true, false,
				(http instanceof UpstreamHttpException withHeaders) ? retryAfter(withHeaders) : null);
	}

	/**
	 * An answer that arrived but could not be parsed: the upstream did the (billed) work,
	 * so asking again would pay for it twice. Jackson's parse errors are IOExceptions
	 * too, which is why they are told apart from connection failures here.
	 */
	static boolean unreadableAnswer(Throwable failure) {
		return Causes.find(failure, com.fasterxml.jackson.core.JacksonException.class) != null
				|| Causes.find(failure, tools.jackson.core.JacksonException.class) != null;
	}

	/**
	 * Whether a failure says the upstream itself is unwell: worth retrying, or a timeout.
	 */
	static boolean upstreamUnwell(Throwable failure) {
		return of(failure).retryable() || Causes.find(failure, UpstreamTimeoutException.class) != null;
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
