package com.intelia.llm.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An export streams with constant memory: 100 million characters of conversations are
 * exported by a JVM whose whole heap is 48 MB, which could not hold a tenth of them as
 * Java strings. Reading the result set at once (PostgreSQL without a cursor) fails it
 * with an out-of-memory error.
 */
// Beside the sequential classes (junit-platform.properties): it mostly waits for a child
// JVM, on a database of its own, and logs nothing that a class capturing output looks
// for.
@Execution(ExecutionMode.CONCURRENT)
class ExportMemoryTest {

	private static final int ROWS = 5_000;

	private static final int CHARS = 20_000;

	@TempDir
	Path folder;

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void exports_more_data_than_the_heap_holds(String database) throws Exception {
		String url;
		try (CaptureRig rig = CaptureRig.on(database, this.folder)) {
			url = rig.url;
			rig.database.require().jdbc().update(fill(database));
			rig.database.require()
				.jdbc()
				.update("INSERT INTO capture_feedback (completion_id, rating, rated_at) "
						+ "SELECT completion_id, 1, 0 FROM capture_completion");
		}

		Path output = this.folder.resolve("probe.log");
		Process probe = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx48m", "-cp", System.getProperty("java.class.path"), ExportMemoryProbe.class.getName(), url))
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();

		assertThat(probe.waitFor(180, TimeUnit.SECONDS)).isTrue();
		assertThat(probe.exitValue()).as(log(output)).isZero();
		assertThat(log(output)).contains("exported lines=" + ROWS);
	}

	private static String fill(String database) {
		String rows = "sqlite".equals(database)
				? "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < " + ROWS + ") " : "";
		String text = "sqlite".equals(database) ? "replace(hex(zeroblob(" + (CHARS / 2) + ")), '0', 'x')"
				: "repeat('x', " + CHARS + ")";
		String from = "sqlite".equals(database) ? " FROM g" : " FROM generate_series(1, " + ROWS + ") AS g(n)";
		return rows + "INSERT INTO capture_completion (completion_id, created_at, alias, upstream, upstream_model, "
				+ "messages, answer, ttft_ms, duration_ms) SELECT 'chatcmpl-' || n, n, 'a', 'u', 'm', "
				+ "'[{\"role\":\"user\",\"content\":\"' || " + text + " || '\"}]', "
				+ "'{\"role\":\"assistant\",\"content\":\"ok\"}', -1, 1" + from;
	}

	private static String log(Path output) {
		try {
			return Files.readString(output);
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

}
