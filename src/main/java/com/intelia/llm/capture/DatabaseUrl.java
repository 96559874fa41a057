package com.intelia.llm.capture;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The capture database's JDBC URL, with the credentials taken out of it, so that neither
 * the pool nor Flyway nor a log line ever holds a URL with a password in it.
 *
 * @param kind which database it is
 * @param jdbcUrl the URL without {@code user} and {@code password}
 * @param user the user, from {@code LLM_CAPTURE_DB_USER} or the URL, or null
 * @param password the password, from {@code LLM_CAPTURE_DB_PASSWORD} or the URL, or null
 */
record DatabaseUrl(Kind kind, String jdbcUrl, @Nullable String user, @Nullable String password) {

	/** Created on first use, next to where the service runs. */
	static final String DEFAULT = "jdbc:sqlite:data/capture.db";

	private static final String SQLITE_PREFIX = "jdbc:sqlite:";

	static DatabaseUrl parse(CaptureProperties.Database settings) {
		String url = settings.url().isBlank() ? DEFAULT : settings.url().strip();
		Kind kind = Kind.of(url);
		int question = url.indexOf('?');
		String base = (question < 0) ? url : url.substring(0, question);
		List<String> kept = new ArrayList<>();
		String user = null;
		String password = null;
		for (String parameter : (question < 0) ? new String[0] : url.substring(question + 1).split("&")) {
			String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
			String value = URLDecoder.decode(parameter.substring(name.length() + (parameter.contains("=") ? 1 : 0)),
					StandardCharsets.UTF_8);
			switch (name) {
				case "user" -> user = value;
				case "password" -> password = value;
				default -> kept.add(parameter);
			}
		}
		String jdbcUrl = kept.isEmpty() ? base : base + "?" + String.join("&", kept);
		return new DatabaseUrl(kind, jdbcUrl, settings.user().isBlank() ? user : settings.user(),
				settings.password().isEmpty() ? password : settings.password());
	}

	/** The URL without its query, which may hold other secrets ({@code sslpassword}). */
	String safe() {
		int question = this.jdbcUrl.indexOf('?');
		return (question < 0) ? this.jdbcUrl : this.jdbcUrl.substring(0, question) + "?…";
	}

	/** The SQLite file, or null for PostgreSQL or an in-memory database. */
	@Nullable Path sqliteFile() {
		if (this.kind != Kind.SQLITE) {
			return null;
		}
		String path = this.jdbcUrl.substring(SQLITE_PREFIX.length());
		int question = path.indexOf('?');
		path = (question < 0) ? path : path.substring(0, question);
		path = path.startsWith("file:") ? path.substring("file:".length()) : path;
		return (path.isEmpty() || path.startsWith(":memory:")) ? null : Path.of(path);
	}

	@Override
	public String toString() {
		return "DatabaseUrl[" + safe() + ", user=" + this.user + "]";
	}

	/** The databases capture supports. */
	enum Kind {

		SQLITE("sqlite"), POSTGRESQL("postgresql");

		private final String id;

		Kind(String id) {
			this.id = id;
		}

		/** How health and logs name it. */
		String id() {
			return this.id;
		}

		static Kind of(String url) {
			if (url.startsWith(SQLITE_PREFIX)) {
				return SQLITE;
			}
			if (url.startsWith("jdbc:postgresql:")) {
				return POSTGRESQL;
			}
			throw new IllegalStateException(
					"LLM_CAPTURE_DB_URL must start with jdbc:sqlite: or jdbc:postgresql: (empty: jdbc:sqlite:data/capture.db).");
		}

	}

}
