package com.intelia.llm.capture;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.intelia.llm.support.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An export whose database fails: before any byte, nothing is written, so the caller can
 * still answer 503; once lines are out, the export ends with an error line no trainer
 * takes for an example.
 */
class ExportFailureTest {

	private static final int ROWS = 2_000;

	private static final Map<String, String[]> SFT = Map.of("format", new String[] { "openai-sft" });

	@TempDir
	Path folder;

	private CaptureRig rig;

	@AfterEach
	void close() {
		if (this.rig != null) {
			this.rig.close();
		}
	}

	@Test
	void a_failure_before_the_first_byte_writes_nothing() {
		this.rig = CaptureRig.on("sqlite", this.folder).start();
		this.rig.capture(Completions.simple("Q ?", "R."));
		this.rig.database.require().jdbc().execute("DROP TABLE capture_feedback");
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		DatasetExport.Failed failure = catchThrowableOfType(DatasetExport.Failed.class,
				() -> this.rig.export.write(this.rig.database.require(), ExportQuery.from(SFT), out));

		assertThat(failure.started()).isFalse();
		assertThat(out.size()).isZero();
	}

	@Test
	void a_failure_after_lines_are_out_ends_with_an_error_line() {
		this.rig = CaptureRig.on("postgresql", this.folder).start();
		String name = this.rig.url.substring(this.rig.url.lastIndexOf('/') + 1, this.rig.url.indexOf('?'));
		this.rig.database.require()
			.jdbc()
			.update("INSERT INTO capture_completion (completion_id, created_at, alias, upstream, upstream_model, "
					+ "messages, answer, ttft_ms, duration_ms) SELECT 'chatcmpl-' || n, n, 'a', 'u', 'm', "
					+ "'[{\"role\":\"user\",\"content\":\"' || repeat('x', 500) || '\"}]', "
					+ "'{\"role\":\"assistant\",\"content\":\"ok\"}', -1, 1 FROM generate_series(1, " + ROWS
					+ ") AS g(n)");
		this.rig.database.require()
			.jdbc()
			.update("INSERT INTO capture_feedback (completion_id, rating, rated_at) "
					+ "SELECT completion_id, 1, 0 FROM capture_completion");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		OutputStream cutting = new FilterOutputStream(out) {

			private boolean cut;

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				super.out.write(bytes, offset, length);
				if (!this.cut) {
					this.cut = true;
					PostgresServer.shared()
						.execute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
								+ "WHERE datname = '" + name + "'");
				}
			}

		};

		DatasetExport.Failed failure = catchThrowableOfType(DatasetExport.Failed.class,
				() -> this.rig.export.write(this.rig.database.require(), ExportQuery.from(SFT), cutting));

		assertThat(failure.started()).isTrue();
		List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
		assertThat(lines).hasSizeBetween(2, ROWS);
		JsonNode last = CaptureRig.JSON.readTree(lines.get(lines.size() - 1));
		assertThat(last.at("/error/code").stringValue()).isEqualTo("capture_unavailable");
		assertThat(FormatRules.violations("openai-sft", CaptureRig.JSON.readTree(lines.get(0)))).isEmpty();
	}

}
