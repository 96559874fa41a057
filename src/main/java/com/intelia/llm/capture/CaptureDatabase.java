package com.intelia.llm.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.Causes;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The capture database: a pool and the schema ({@link CapturePool}), built on first use
 * rather than by Spring Boot at start-up, so the service starts and chats with the
 * database missing, unreachable or read-only. A failure closes the pool; the next use
 * after {@code retryInterval} builds a new one, which also picks up a database that
 * changed (restarted, promoted, made writable).
 */
final class CaptureDatabase implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(CaptureDatabase.class);

	private final DatabaseUrl url;

	private final Duration retryInterval;

	private final ReentrantLock connecting = new ReentrantLock();

	private volatile @Nullable Connected connected;

	private volatile State state = State.IDLE;

	private volatile @Nullable String error;

	private volatile Instant since = Instant.now();

	private long lastAttempt;

	CaptureDatabase(DatabaseUrl url, Duration retryInterval) {
		this.url = url;
		this.retryInterval = retryInterval;
	}

	/**
	 * The database, connecting first if it has not been tried yet or was down for
	 * {@code retryInterval}.
	 * @return the connected database, or null while it is down
	 */
	@Nullable Connected available() {
		Connected current = this.connected;
		if (current != null) {
			return current;
		}
		this.connecting.lock();
		try {
			if (this.connected != null || (this.state == State.DOWN
					&& System.nanoTime() - this.lastAttempt < this.retryInterval.toNanos())) {
				return this.connected;
			}
			return connect();
		}
		finally {
			this.connecting.unlock();
		}
	}

	/** The database, or a 503 in OpenAI's envelope for the caller. */
	Connected require() {
		Connected current = available();
		if (current == null) {
			throw unavailable();
		}
		return current;
	}

	/** The 503 a caller gets while the database is down. */
	ApiException unavailable() {
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "capture_unavailable", null,
				"The capture database is unavailable right now (see /health/capture); retry later.",
				Map.of("Retry-After", String.valueOf(Math.max(1, this.retryInterval.toSeconds()))));
	}

	/** Reports that using the database failed: it is down until a new pool works. */
	void failed(RuntimeException failure) {
		this.connecting.lock();
		try {
			Connected current = this.connected;
			this.connected = null;
			if (current != null) {
				current.dataSource().close();
			}
			this.lastAttempt = System.nanoTime();
			markDown(failure);
		}
		finally {
			this.connecting.unlock();
		}
	}

	State state() {
		return this.state;
	}

	/** Why the database is down, without secrets or captured text; null when up. */
	@Nullable String error() {
		return this.error;
	}

	/** When the state last changed. */
	Instant since() {
		return this.since;
	}

	DatabaseUrl url() {
		return this.url;
	}

	/**
	 * Whether there is a database to look after even with capture off: a server URL, or a
	 * SQLite file made earlier.
	 */
	boolean configured() {
		Path file = this.url.sqliteFile();
		return this.url.kind() == DatabaseUrl.Kind.POSTGRESQL || (file != null && Files.exists(file));
	}

	@Override
	public void close() {
		this.connecting.lock();
		try {
			Connected current = this.connected;
			this.connected = null;
			if (current != null) {
				current.dataSource().close();
			}
		}
		finally {
			this.connecting.unlock();
		}
	}

	private @Nullable Connected connect() {
		this.lastAttempt = System.nanoTime();
		try {
			Connected ready = CapturePool.open(this.url);
			this.connected = ready;
			markUp();
			return ready;
		}
		catch (RuntimeException ex) {
			markDown(ex);
			return null;
		}
	}

	private void markUp() {
		State before = this.state;
		this.state = State.UP;
		this.error = null;
		this.since = Instant.now();
		log.info("Capture database {} ({}) ready{}.", this.url.safe(), this.url.kind().id(),
				(before == State.DOWN) ? " again" : "");
	}

	private void markDown(RuntimeException failure) {
		String reason = reason(failure);
		boolean changed = this.state != State.DOWN || !reason.equals(this.error);
		this.error = reason;
		if (this.state != State.DOWN) {
			this.state = State.DOWN;
			this.since = Instant.now();
		}
		if (changed) {
			log.warn("Capture database {} unavailable ({}); completions are dropped until it is back, retrying "
					+ "every {} ms.", this.url.safe(), reason, this.retryInterval.toMillis());
		}
	}

	/**
	 * The innermost message, first line, with the password scrubbed: enough to act on,
	 * and nothing that was captured (PostgreSQL's row details are turned off).
	 */
	private String reason(Throwable failure) {
		Throwable root = Causes.root(failure);
		String message = (root.getMessage() != null) ? root.getMessage().lines().findFirst().orElse("") : "";
		if (this.url.password() != null && !this.url.password().isEmpty()) {
			message = message.replace(this.url.password(), "***");
		}
		message = root.getClass().getSimpleName() + (message.isBlank() ? "" : ": " + message.strip());
		message = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
		return (message.length() > 300) ? message.substring(0, 300) + "…" : message;
	}

	/** Whether the database can be used. */
	enum State {

		/** Not tried yet. */
		IDLE,

		/** Connected, schema migrated, writable. */
		UP,

		/** The last attempt or write failed. */
		DOWN

	}

	/**
	 * A working pool and Spring's JDBC helpers over it.
	 *
	 * @param dataSource the pool
	 * @param jdbc queries, with a fetch size so large results stream
	 * @param transactions transactions on the pool (PostgreSQL streams rows only inside
	 * one)
	 */
	record Connected(HikariDataSource dataSource, JdbcTemplate jdbc, TransactionTemplate transactions) {
	}

}
