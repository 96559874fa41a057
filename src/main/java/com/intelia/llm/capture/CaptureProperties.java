package com.intelia.llm.capture;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Capture of chat completions for fine-tuning.
 *
 * @param enabled whether every key's completions are captured ({@code LLM_CAPTURE},
 * {@code on} or {@code off}); keys marked {@code capture=always} or {@code capture=never}
 * in the keys file decide for themselves
 * @param database where captures are stored
 * @param redact a regular expression whose matches are replaced by {@code [redacted]}
 * before anything is written, besides e-mail addresses and phone numbers
 * ({@code LLM_CAPTURE_REDACT}); join several with {@code |}; empty for none
 * @param retentionDays how long a capture is kept, in days; older ones are purged
 * ({@code LLM_CAPTURE_RETENTION_DAYS})
 * @param queue the queue between chat requests and the database writer
 * @param retryInterval how long capture waits before trying a database that is down again
 */
@Validated
@ConfigurationProperties("llm.capture")
record CaptureProperties(@DefaultValue("false") boolean enabled, @Valid @DefaultValue Database database,
		@DefaultValue("") String redact, @Positive @DefaultValue("90") int retentionDays,
		@Valid @DefaultValue Queue queue, @DefaultValue("5s") Duration retryInterval) {

	CaptureProperties {
		if (retryInterval.isNegative() || retryInterval.isZero()) {
			throw new IllegalArgumentException("llm.capture.retry-interval must be positive");
		}
	}

	/**
	 * The capture database.
	 *
	 * @param url a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL
	 * ({@code LLM_CAPTURE_DB_URL}); empty for the SQLite file {@code data/capture.db}. A
	 * {@code user} and {@code password} in the URL's query are taken out of it and used
	 * as credentials
	 * @param user the database user ({@code LLM_CAPTURE_DB_USER}); overrides the URL's
	 * @param password the database password ({@code LLM_CAPTURE_DB_PASSWORD}); overrides
	 * the URL's
	 */
	record Database(@DefaultValue("") String url, @DefaultValue("") String user, @DefaultValue("") String password) {

		@Override
		public String toString() {
			// The URL may carry the password; the password is one.
			return "Database[url=" + safeUrl() + ", user=" + this.user + ", password="
					+ (this.password.isEmpty() ? "none" : "***") + "]";
		}

		private String safeUrl() {
			try {
				return DatabaseUrl.parse(this).safe();
			}
			catch (IllegalStateException ex) {
				return "(not a supported JDBC URL)";
			}
		}

	}

	/**
	 * The queue between chat requests and the writer; past either bound a capture is
	 * dropped.
	 *
	 * @param capacity completions waiting at most
	 * @param maxChars characters of text waiting at most (a chat request may carry
	 * megabytes)
	 * @param batchSize completions written in one transaction at most
	 */
	record Queue(@Positive @DefaultValue("2000") int capacity, @Positive @DefaultValue("33554432") long maxChars,
			@Positive @DefaultValue("100") int batchSize) {
	}

}
