package com.intelia.llm.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.Causes;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The capture database: a pool and the schema, built here on first use rather than by
 * Spring Boot at start-up, so the service starts and chats with the database missing,
 * unreachable or read-only. A failure closes the pool; the next use after
 * {@code retryInterval} builds a new one, which also picks up a database that changed
 * (restarted, promoted, made writable).
 */
final class CaptureDatabase implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(CaptureDatabase.class);

	/** Rows read per round trip when exporting; PostgreSQL then streams them. */
	private static final int FETCH_SIZE = 200;

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

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
		HikariDataSource pool = null;
		try {
			createFolder();
			pool = new HikariDataSource(poolSettings());
			migrate(pool);
			JdbcTemplate jdbc = new JdbcTemplate(pool);
			jdbc.setFetchSize(FETCH_SIZE);
			Connected ready = new Connected(pool, jdbc,
					new TransactionTemplate(new DataSourceTransactionManager(pool)));
			probeWrite(ready);
			this.connected = ready;
			markUp();
			return ready;
		}
		catch (RuntimeException ex) {
			if (pool != null) {
				pool.close();
			}
			markDown(ex);
			return null;
		}
	}

	private HikariConfig poolSettings() {
		HikariConfig config = new HikariConfig();
		config.setPoolName("capture");
		config.setJdbcUrl(this.url.jdbcUrl());
		if (this.url.user() != null) {
			config.setUsername(this.url.user());
		}
		if (this.url.password() != null) {
			config.setPassword(this.url.password());
		}
		config.setMaximumPoolSize(4);
		config.setMinimumIdle(1);
		config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
		config.setValidationTimeout(CONNECT_TIMEOUT.toMillis() / 2);
		// Try once when the pool is built: a database that is down is reported, not
		// waited on.
		config.setInitializationFailTimeout(1);
		if (this.url.kind() == DatabaseUrl.Kind.SQLITE) {
			config.addDataSourceProperty("journal_mode", "WAL");
			config.addDataSourceProperty("busy_timeout", "5000");
			config.addDataSourceProperty("foreign_keys", "true");
		}
		else {
			config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds()));
			// A database that stops answering must not hold the writer thread for ever.
			config.addDataSourceProperty("socketTimeout", "120");
			// Server error details can quote row values, which are captured text.
			config.addDataSourceProperty("logServerErrorDetail", "false");
			config.addDataSourceProperty("ApplicationName", "intelia-llm-capture");
		}
		return config;
	}

	private void createFolder() {
		Path file = this.url.sqliteFile();
		Path folder = (file != null) ? file.toAbsolutePath().getParent() : null;
		if (folder != null) {
			try {
				Files.createDirectories(folder);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot create the folder " + folder + ": " + ex.getMessage(), ex);
			}
		}
	}

	private static void migrate(DataSource pool) {
		Flyway.configure(CaptureDatabase.class.getClassLoader())
			.dataSource(pool)
			.locations("classpath:db/migration/capture")
			.table("capture_schema_history")
			// A PostgreSQL schema shared with other tables has no history of ours yet.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

	/**
	 * Fails on a read-only database (a replica, a read-only file) now rather than on the
	 * first batch of captures.
	 */
	private static void probeWrite(Connected database) {
		database.transactions().executeWithoutResult((status) -> {
			database.jdbc().update("DELETE FROM capture_feedback WHERE completion_id IS NULL");
			status.setRollbackOnly();
		});
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
