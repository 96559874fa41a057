package com.intelia.llm.capture;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.intelia.llm.capture.CaptureMetrics.Outcome;
import com.intelia.llm.support.PostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * The whole capture pipeline without Spring, on a database of its own: SQLite in a
 * temporary folder or a fresh database on the shared PostgreSQL test server.
 */
final class CaptureRig implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final String url;

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	final Redactor redactor;

	final CaptureDatabase database;

	final CaptureQueue queue;

	final CaptureStore store = new CaptureStore();

	final CaptureMetrics metrics;

	final CaptureIntake intake;

	final CaptureWriter writer;

	final DatasetExport export;

	private CaptureRig(String url, Options options) {
		this.url = url;
		this.redactor = new Redactor(JSON, options.redact);
		this.database = new CaptureDatabase(DatabaseUrl.parse(new CaptureProperties.Database(url, "", "")),
				options.retry);
		this.queue = new CaptureQueue(new CaptureProperties.Queue(options.capacity, 1_000_000, 50));
		this.metrics = new CaptureMetrics(this.registry, () -> this.database.state() == CaptureDatabase.State.UP,
				this.queue::size, new DropLog(System::nanoTime));
		this.intake = new CaptureIntake(options.enabled, options.flags, this.queue, this.database, this.metrics);
		this.writer = new CaptureWriter(this.intake.active(), this.queue, this.database, this.store, this.redactor,
				this.metrics, 50, options.retry, options.cpuShare);
		this.export = new DatasetExport(this.store, JSON);
	}

	/** A rig on the named database ({@code sqlite} or {@code postgresql}). */
	static CaptureRig on(String database, Path folder) {
		return on(database, folder, new Options());
	}

	static CaptureRig on(String database, Path folder, Options options) {
		String url = "sqlite".equals(database) ? "jdbc:sqlite:" + folder.resolve("capture.db")
				: PostgresServer.shared().newDatabaseUrl();
		return new CaptureRig(url, options);
	}

	static CaptureRig at(String url, Options options) {
		return new CaptureRig(url, options);
	}

	CaptureRig start() {
		this.writer.start();
		return this;
	}

	/** Offers and waits until the writer has stored them. */
	void capture(CapturedCompletion... completions) {
		double before = count(Outcome.CAPTURED);
		for (CapturedCompletion completion : completions) {
			this.intake.offer(completion);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> count(Outcome.CAPTURED) >= before + completions.length);
	}

	double count(Outcome outcome) {
		return this.registry.get("llm.capture.records").tag("outcome", tag(outcome)).counter().count();
	}

	/** Every stored completion row, as the database holds it. */
	List<Map<String, Object>> rows() {
		return this.database.require().jdbc().queryForList("SELECT * FROM capture_completion ORDER BY created_at");
	}

	/** Every stored feedback row. */
	List<Map<String, Object>> feedback() {
		return this.database.require().jdbc().queryForList("SELECT * FROM capture_feedback ORDER BY completion_id");
	}

	void rate(String completionId, int rating, String comment, String correction) {
		this.store.rate(this.database.require(), completionId, rating, this.redactor.text(comment),
				this.redactor.text(correction), Instant.now());
	}

	RetentionPurge purge(int days, Clock clock) {
		return new RetentionPurge(this.database, this.store, this.metrics, days, () -> true, clock);
	}

	@Override
	public void close() {
		this.writer.stop();
		this.database.close();
	}

	private static String tag(Outcome outcome) {
		return outcome.name().toLowerCase(java.util.Locale.ROOT);
	}

	/** What differs between rigs. */
	static final class Options {

		boolean enabled = true;

		CaptureFlags flags = CaptureFlags.NONE;

		String redact = "";

		int capacity = 1000;

		Duration retry = Duration.ofMillis(200);

		/**
		 * The writer never rests: the rig checks what is written, and the service's 2% of
		 * a core (CaptureWriter.CPU_SHARE) would make each batch wait 49 times as long as
		 * it took, most of the time of a test that writes.
		 */
		double cpuShare = 1;

		Options enabled(boolean value) {
			this.enabled = value;
			return this;
		}

		Options flags(CaptureFlags value) {
			this.flags = value;
			return this;
		}

		Options redact(String value) {
			this.redact = value;
			return this;
		}

		Options capacity(int value) {
			this.capacity = value;
			return this;
		}

	}

}
