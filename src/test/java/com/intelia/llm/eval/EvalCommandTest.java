package com.intelia.llm.eval;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner's mechanics against a stand-in gateway: pinning, variables, the API key,
 * exit codes, reports and comparisons.
 */
class EvalCommandTest {

	private static final String PROMPTS = """
			{"id": "aviculture", "latest_version": "v3", "versions": [
			  {"version": "v2", "variables": [{"name": "species"}, {"name": "country"}]},
			  {"version": "v3", "variables": [{"name": "species"}, {"name": "audience"}, {"name": "country"}]}]}""";

	private static final String PASSING = "Call the vétérinaire sanitaire now and check the water meter in the house, not the chlorine.";

	@TempDir
	Path dir;

	private Path cases;

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	@BeforeEach
	void writeCases() throws Exception {
		this.cases = this.dir.resolve("eval.jsonl");
		Files.writeString(this.cases,
				"""
						{"id": "a", "category": "urgent", "language": "en", "variables": {"species": "broiler", "audience": "vet"}, "context": "Context: house 2", "messages": [{"role": "user", "content": "Deaths?"}], "must_contain": ["vétérinaire sanitaire"]}
						{"id": "b", "category": "water", "language": "en", "variables": {"species": "layer"}, "messages": [{"role": "user", "content": "Water?"}], "must_contain": ["water meter"]}
						{"id": "c", "category": "water", "language": "en", "messages": [{"role": "user", "content": "Chlorine?"}], "must_not_contain": ["chlorine"]}
						""");
	}

	@Test
	void sends_every_case_pinned_to_the_version_with_its_context_and_scores_it() throws Exception {
		try (FakeGateway gateway = new FakeGateway(PROMPTS).answering(PASSING, "v3")) {
			int exit = run(gateway, "--version", "v3");

			assertThat(exit).isZero();
			assertThat(gateway.requests).hasSize(3);
			JsonNode first = gateway.requests.stream()
				.filter((request) -> request.get("messages").size() == 2)
				.findFirst()
				.orElseThrow();
			assertThat(first.get("prompt").toString()).isEqualTo(
					"{\"id\":\"aviculture\",\"version\":\"v3\",\"variables\":{\"species\":\"broiler\",\"audience\":\"vet\"}}");
			assertThat(first.get("messages").get(0).toString())
				.isEqualTo("{\"role\":\"system\",\"content\":\"Context: house 2\"}");
			JsonNode report = report("aviculture-v3.json");
			assertThat(report.get("total").asInt()).isEqualTo(3);
			assertThat(report.get("answered").asInt()).isEqualTo(3);
			assertThat(report.get("passed").asInt()).isEqualTo(2);
			assertThat(report.get("upstream_models").toString()).isEqualTo("[\"fake-upstream\"]");
			assertThat(Files.readString(this.dir.resolve("out/aviculture-v3.md"))).contains(
					"# Evaluation of aviculture v3", "| water | 1 | 2 | 50.0 % |", "### c (water, en)",
					"forbidden: chlorine (\"chlorine\")", "> " + PASSING);
		}
	}

	@Test
	void without_a_version_the_latest_is_pinned() throws Exception {
		try (FakeGateway gateway = new FakeGateway(PROMPTS).answering(PASSING, "v3")) {
			assertThat(run(gateway)).isZero();
			assertThat(gateway.requests)
				.allSatisfy((request) -> assertThat(request.get("prompt").get("version").asString()).isEqualTo("v3"));
		}
	}

	@Test
	void an_answer_from_another_version_is_a_mechanics_failure_and_exit_code_1() throws Exception {
		try (FakeGateway gateway = new FakeGateway(PROMPTS).answering(PASSING, "v2")) {
			int exit = run(gateway, "--version", "v3");

			assertThat(exit).isEqualTo(1);
			JsonNode report = report("aviculture-v3.json");
			assertThat(report.get("answered").asInt()).isZero();
			assertThat(report.get("results").get(0).get("failures").get(0).asString())
				.isEqualTo("answered by version v2, not the pinned v3");
			assertThat(this.output.toString(StandardCharsets.UTF_8)).contains("FAIL: 3 cases got no answer");
		}
	}

	@Test
	void leaves_out_variables_the_pinned_version_does_not_declare_and_says_so() throws Exception {
		try (FakeGateway gateway = new FakeGateway(PROMPTS).answering(PASSING, "v2")) {
			assertThat(run(gateway, "--version", "v2")).isZero();

			assertThat(gateway.requests)
				.allSatisfy((request) -> assertThat(request.get("prompt").get("variables").has("audience")).isFalse());
			assertThat(report("aviculture-v2.json").get("dropped_variables").toString()).isEqualTo("{\"audience\":1}");
		}
	}

	@Test
	void sends_the_api_key_from_the_environment_and_writes_it_nowhere() throws Exception {
		try (FakeGateway gateway = new FakeGateway(PROMPTS).answering(PASSING, "v3")) {
			int exit = EvalCommand.run(args(gateway, "--api-key-env", "MY_KEY"), new PrintStream(this.output),
					Map.of("MY_KEY", "sk-secret-123")::get);

			assertThat(exit).isZero();
			assertThat(gateway.authorizations).containsOnly("Bearer sk-secret-123");
			assertThat(this.output.toString(StandardCharsets.UTF_8)).doesNotContain("sk-secret-123");
			assertThat(Files.readString(this.dir.resolve("out/aviculture-v3.json"))).doesNotContain("sk-secret-123");
			assertThat(Files.readString(this.dir.resolve("out/aviculture-v3.md"))).doesNotContain("sk-secret-123");
		}
	}

	@Test
	void a_minimum_pass_rate_turns_a_weak_run_into_exit_code_1() throws Exception {
		try (FakeGateway gateway = new FakeGateway(PROMPTS).answering("ok", "v3")) {
			assertThat(run(gateway)).as("no gate").isZero();
			assertThat(run(gateway, "--min-pass-rate", "0.5")).isEqualTo(1);
			assertThat(this.output.toString(StandardCharsets.UTF_8)).contains("is below --min-pass-rate 50.0 %");
		}
	}

	@Test
	void compares_a_run_with_an_earlier_one_case_by_case() throws Exception {
		try (FakeGateway gateway = new FakeGateway(PROMPTS)) {
			gateway.answering("ok", "v2");
			assertThat(run(gateway, "--version", "v2")).isZero();
			gateway.answering(PASSING, "v3");
			assertThat(run(gateway, "--version", "v3", "--compare-with",
					this.dir.resolve("out/aviculture-v2.json").toString()))
				.isZero();

			String comparison = Files.readString(this.dir.resolve("out/aviculture-v2-vs-v3.md"));
			assertThat(comparison).contains("# aviculture v2 vs v3", "| **All cases** | 0/3 (0.0 %) | 2/3 (66.7 %) |",
					"| water | 0/2 (0.0 %) | 1/2 (50.0 %) |", "## Now failing (0)", "## Now passing (2)",
					"- `a` (urgent)", "- `b` (water)");
		}
		Path copy = this.dir.resolve("again");
		int exit = EvalCommand.run(
				new String[] { "compare", this.dir.resolve("out/aviculture-v2.json").toString(),
						this.dir.resolve("out/aviculture-v3.json").toString(), "--out", copy.toString() },
				new PrintStream(this.output));
		assertThat(exit).isZero();
		assertThat(copy.resolve("aviculture-v2-vs-v3.md")).exists();
	}

	@Test
	void unusable_arguments_cases_or_gateway_exit_with_code_2() throws Exception {
		PrintStream out = new PrintStream(this.output);

		assertThat(EvalCommand.run(new String[] { "--colour", "red" }, out)).isEqualTo(2);
		assertThat(EvalCommand.run(new String[] { "--parallel", "0" }, out)).isEqualTo(2);
		assertThat(EvalCommand.run(new String[] { "--cases", this.dir.resolve("none.jsonl").toString() }, out))
			.isEqualTo(2);
		assertThat(EvalCommand
			.run(new String[] { "--cases", this.cases.toString(), "--base-url", "http://127.0.0.1:1" }, out))
			.isEqualTo(2);
		try (FakeGateway gateway = new FakeGateway(PROMPTS)) {
			assertThat(run(gateway, "--version", "v9")).isEqualTo(2);
		}
		assertThat(this.output.toString(StandardCharsets.UTF_8)).contains("Unknown option '--colour'",
				"--parallel must be a whole number", "No evaluation set at", "Cannot reach the gateway",
				"has no version v9");
	}

	private int run(FakeGateway gateway, String... extra) {
		return EvalCommand.run(args(gateway, extra), new PrintStream(this.output), Map.<String, String>of()::get);
	}

	private String[] args(FakeGateway gateway, String... extra) {
		String[] base = { "--base-url", gateway.url(), "--cases", this.cases.toString(), "--out",
				this.dir.resolve("out").toString() };
		String[] all = new String[base.length + extra.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(extra, 0, all, base.length, extra.length);
		return all;
	}

	private JsonNode report(String name) throws Exception {
		return JsonMapper.shared().readTree(Files.readString(this.dir.resolve("out").resolve(name)));
	}

}
