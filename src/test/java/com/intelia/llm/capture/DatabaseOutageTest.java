package com.intelia.llm.capture;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.intelia.llm.capture.CaptureMetrics.Outcome;
import com.intelia.llm.support.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A capture database that is unreachable, read-only or gone: completions are dropped and
 * counted, health says so, and capture resumes on its own once the database is back.
 */
// Beside the sequential classes (junit-platform.properties): it mostly waits for
// PostgreSQL servers and the writer's retries, on servers and databases of its own, and
// logs nothing that a class capturing output looks for.
@Execution(ExecutionMode.CONCURRENT)
class DatabaseOutageTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@TempDir
	Path folder;

	private CaptureRig rig;

	private PostgresServer late;

	@AfterEach
	void close() {
		if (this.rig != null) {
			this.rig.close();
		}
		if (this.late != null) {
			this.late.close();
		}
	}

	@Test
	void an_unreachable_server_drops_and_counts_until_it_starts_then_capture_resumes() {
		int port = PostgresServer.freePort();
		this.rig = CaptureRig
			.at("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres", new CaptureRig.Options())
			.start();
		await().atMost(PATIENCE).until(() -> this.rig.database.state() == CaptureDatabase.State.DOWN);

		this.rig.intake.offer(Completions.simple("Perdu ?", "Oui."));

		assertThat(this.rig.count(Outcome.DROPPED_DATABASE_DOWN)).isEqualTo(1);
		assertThat(health()).isEqualTo(CaptureHealthIndicator.DEGRADED);
		assertThat(this.rig.registry.get("llm.capture.database.up").gauge().value()).isZero();

		this.late = PostgresServer.start(port);

		await().atMost(PATIENCE).until(() -> this.rig.database.state() == CaptureDatabase.State.UP);
		this.rig.capture(Completions.simple("Retrouvé ?", "Oui."));
		assertThat(this.rig.rows()).hasSize(1);
		assertThat(health()).isEqualTo(Status.UP);
		assertThat(this.rig.registry.get("llm.capture.database.up").gauge().value()).isOne();
	}

	@Test
	void a_read_only_database_is_down_until_it_becomes_writable() {
		String url = PostgresServer.shared().newDatabaseUrl();
		String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
		PostgresServer.shared()
			.execute("postgres", "ALTER DATABASE " + name + " SET default_transaction_read_only = on");
		this.rig = CaptureRig.at(url, new CaptureRig.Options()).start();
		await().atMost(PATIENCE).until(() -> this.rig.database.state() == CaptureDatabase.State.DOWN);
		this.rig.intake.offer(Completions.simple("Perdu ?", "Oui."));
		assertThat(this.rig.count(Outcome.DROPPED_DATABASE_DOWN)).isEqualTo(1);

		PostgresServer.shared()
			.execute("postgres", "ALTER DATABASE " + name + " SET default_transaction_read_only = off");

		await().atMost(PATIENCE).until(() -> this.rig.database.state() == CaptureDatabase.State.UP);
		this.rig.capture(Completions.simple("Écrit ?", "Oui."));
		assertThat(this.rig.rows()).hasSize(1);
	}

	@Test
	void a_database_that_turns_read_only_under_load_stays_down_instead_of_flapping() {
		String url = PostgresServer.shared().newDatabaseUrl();
		String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
		this.rig = CaptureRig.at(url, new CaptureRig.Options()).start();
		this.rig.capture(Completions.simple("Avant ?", "Oui."));

		PostgresServer.shared()
			.execute("postgres", "ALTER DATABASE " + name + " SET default_transaction_read_only = on");
		PostgresServer.shared()
			.execute("postgres",
					"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
		this.rig.intake.offer(Completions.simple("Pendant ?", "Perdu."));

		await().atMost(PATIENCE).until(() -> this.rig.count(Outcome.DROPPED_DATABASE_DOWN) == 1);
		Instant downSince = this.rig.database.since();
		await().atMost(PATIENCE).until(() -> this.rig.database.state() == CaptureDatabase.State.DOWN);
		// The first failure is the closed connection; the writer then waits for the
		// retry interval before it reconnects and meets the read-only database, which
		// on a loaded machine can take more than the second below. Wait for that
		// attempt, then watch the retries after it.
		await().atMost(PATIENCE).until(() -> String.valueOf(this.rig.database.error()).contains("read-only"));
		await().during(Duration.ofSeconds(1))
			.atMost(PATIENCE)
			.until(() -> this.rig.database.state() == CaptureDatabase.State.DOWN);
		assertThat(this.rig.database.since()).isAfterOrEqualTo(downSince);
		assertThat(this.rig.database.error()).contains("read-only");
	}

	@Test
	void a_read_only_sqlite_file_is_down() {
		CaptureRig writable = CaptureRig.on("sqlite", this.folder).start();
		writable.capture(Completions.simple("Q ?", "R."));
		writable.close();

		String readOnly = writable.url.replace("jdbc:sqlite:", "jdbc:sqlite:file:") + "?mode=ro";
		this.rig = CaptureRig.at(readOnly, new CaptureRig.Options()).start();

		await().atMost(PATIENCE).until(() -> this.rig.database.state() == CaptureDatabase.State.DOWN);
		assertThat(this.rig.database.error()).contains("attempt to write a readonly database");
	}

	@Test
	void a_full_queue_drops_and_counts_without_waiting() {
		this.rig = CaptureRig.on("sqlite", this.folder, new CaptureRig.Options().capacity(2));

		for (int i = 0; i < 5; i++) {
			this.rig.intake.offer(Completions.simple("Q" + i + " ?", "R."));
		}

		assertThat(this.rig.queue.size()).isEqualTo(2);
		assertThat(this.rig.count(Outcome.DROPPED_QUEUE_FULL)).isEqualTo(3);
	}

	@Test
	void the_queue_is_bounded_by_text_too() {
		this.rig = CaptureRig.on("sqlite", this.folder);

		this.rig.intake.offer(Completions.simple("x".repeat(2_000_000), "R."));

		assertThat(this.rig.queue.size()).isZero();
		assertThat(this.rig.count(Outcome.DROPPED_QUEUE_FULL)).isEqualTo(1);
	}

	@Test
	void a_malformed_completion_is_dropped_without_an_exception() {
		this.rig = CaptureRig.on("sqlite", this.folder);
		CapturedCompletion broken = new CapturedCompletion("chatcmpl-x", Instant.now(), null, "a", "u", "m", null, null,
				null, null, null, null, null, null, null, -1, 1);

		this.rig.intake.offer(broken);

		assertThat(this.rig.count(Outcome.DROPPED_QUEUE_FULL)).isEqualTo(1);
	}

	private Status health() {
		return new CaptureHealthIndicator(this.rig.database, this.rig.intake, this.rig.queue).health().getStatus();
	}

}
