package com.intelia.llm.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import com.intelia.llm.capture.CaptureDatabase.Connected;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opens the capture database: a small pool, the schema migrated by Flyway, and a write
 * probe. Each step fails fast, so a database that is down is reported rather than waited
 * on.
 */
final class CapturePool {

	/** Rows read per round trip when exporting; PostgreSQL then streams them. */
	private static final int FETCH_SIZE = 200;

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private CapturePool() {
	}

	/**
	 * A working, migrated, writable database.
	 * @throws RuntimeException when any step fails; nothing is left open then
	 */
	static Connected open(DatabaseUrl url) {
		createFolder(url);
		HikariDataSource pool = new HikariDataSource(settings(url));
		try {
			JdbcTemplate jdbc = new JdbcTemplate(pool);
			jdbc.setFetchSize(FETCH_SIZE);
			refuseReadOnly(url, jdbc);
			migrate(pool);
			Connected ready = new Connected(pool, jdbc,
					new TransactionTemplate(new DataSourceTransactionManager(pool)));
			probeWrite(ready);
			return ready;
		}
		catch (RuntimeException ex) {
			pool.close();
			throw ex;
		}
	}

	private static HikariConfig settings(DatabaseUrl url) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("capture");
		config.setJdbcUrl(url.jdbcUrl());
		if (url.user() != null) {
			config.setUsername(url.user());
		}
		if (url.password() != null) {
			config.setPassword(url.password());
		}
		config.setMaximumPoolSize(4);
		config.setMinimumIdle(1);
		config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
		config.setValidationTimeout(CONNECT_TIMEOUT.toMillis() / 2);
		// Try once when the pool is built: a database that is down is reported, not
		// waited on.
		config.setInitializationFailTimeout(1);
		if (url.kind() == DatabaseUrl.Kind.SQLITE) {
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

	private static void createFolder(DatabaseUrl url) {
		Path file = url.sqliteFile();
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
	 * Fails at once on a PostgreSQL server whose transactions are read-only (a standby,
	 * or {@code default_transaction_read_only} set), before Flyway: when the schema is
	 * not there yet, Flyway retries creating its history table ten times, a second apart,
	 * so the writer would stay in that attempt for about ten seconds each time it tries
	 * the database again, reporting nothing meanwhile.
	 */
	private static void refuseReadOnly(DatabaseUrl url, JdbcTemplate jdbc) {
		if (url.kind() == DatabaseUrl.Kind.POSTGRESQL
				&& "on".equals(jdbc.queryForObject("SHOW transaction_read_only", String.class))) {
			throw new IllegalStateException(
					"The database is read-only (transaction_read_only is on): capture cannot write to it");
		}
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

}
