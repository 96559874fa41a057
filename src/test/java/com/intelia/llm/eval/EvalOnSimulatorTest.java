package com.intelia.llm.eval;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.intelia.llm.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What CI runs: the real evaluation set through the gateway on the simulator. The
 * simulator's canned answers say nothing about the prompt's quality, so only the
 * mechanics are checked: every case sent and answered by the pinned version, reports
 * written, and a comparison of two versions.
 */
@GatewayTest
class EvalOnSimulatorTest {

	@LocalServerPort
	int port;

	@TempDir
	Path out;

	@Test
	void every_case_of_the_evaluation_set_is_answered_by_the_pinned_version_and_reported() throws Exception {
		long cases = Files.readAllLines(EvalSetTest.FILE).stream().filter((line) -> !line.isBlank()).count();

		assertThat(run("v2")).isZero();
		String summary = run("v3", "--compare-with", this.out.resolve("aviculture-v2.json").toString());

		JsonNode report = JsonMapper.shared().readTree(Files.readString(this.out.resolve("aviculture-v3.json")));
		assertThat(report.get("total").asLong()).isEqualTo(cases).isGreaterThanOrEqualTo(80);
		assertThat(report.get("answered").asLong()).isEqualTo(cases);
		assertThat(report.get("results").findValuesAsString("prompt_version")).hasSize((int) cases).containsOnly("v3");
		assertThat(report.get("results").findValues("status"))
			.allSatisfy((status) -> assertThat(status.asInt()).isEqualTo(200));
		assertThat(report.get("dropped_variables").size()).isZero();
		assertThat(summary).contains("answered by v3: " + cases + " of " + cases);
		assertThat(this.out.resolve("aviculture-v3.md")).content().startsWith("# Evaluation of aviculture v3");
		JsonNode v2 = JsonMapper.shared().readTree(Files.readString(this.out.resolve("aviculture-v2.json")));
		assertThat(v2.get("dropped_variables").get("audience").asLong()).isPositive();
		assertThat(this.out.resolve("aviculture-v2-vs-v3.md")).content().startsWith("# aviculture v2 vs v3");
	}

	private int run(String version) {
		return EvalCommand.run(args(version), new PrintStream(new ByteArrayOutputStream()),
				Map.<String, String>of()::get);
	}

	private String run(String version, String... extra) {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		String[] base = args(version);
		String[] all = new String[base.length + extra.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(extra, 0, all, base.length, extra.length);
		int exit = EvalCommand.run(all, new PrintStream(output), Map.<String, String>of()::get);
		String text = output.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(text).isZero();
		return text;
	}

	private String[] args(String version) {
		return new String[] { "--base-url", "http://127.0.0.1:" + this.port, "--cases", EvalSetTest.FILE.toString(),
				"--version", version, "--out", this.out.toString() };
	}

}
