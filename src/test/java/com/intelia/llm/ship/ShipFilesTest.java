package com.intelia.llm.ship;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipping files read as their comments promise: the image documents its variables
 * and runs unprivileged, the build context holds what the Dockerfile copies, the compose
 * stack wires the gateway to vLLM, Prometheus and Grafana by the right names, and the
 * compose Prometheus config is the documented one with only its target renamed. (The
 * Dockerfile's steps themselves run in {@code scripts/dockerfile-steps.sh}.)
 */
class ShipFilesTest {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	@Test
	void every_image_default_is_a_variable_documented_in_env_example() throws IOException {
		String envExample = read(".env.example");
		Matcher env = Pattern.compile("(?m)^\\s*(?:ENV\\s+)?([A-Z_]+)=\\S+\\s*\\\\?$").matcher(envBlock());
		int count = 0;
		while (env.find()) {
			assertThat(envExample).as(env.group(1)).containsPattern("(?m)^" + env.group(1) + "=");
			count++;
		}
		assertThat(count).isGreaterThanOrEqualTo(4);
		assertThat(envBlock()).contains("LLM_PROVIDER=huggingface");
		assertThat(read("Dockerfile")).contains(".env.example");
	}

	@Test
	void the_image_runs_unprivileged_on_8081_with_a_readiness_healthcheck_and_a_sized_heap() throws IOException {
		String dockerfile = read("Dockerfile");
		assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:25-jre$")
			.containsPattern("(?m)^USER intelia$")
			.containsPattern("(?m)^EXPOSE 8081$")
			.containsPattern("(?m)^HEALTHCHECK .*healthcheck.sh")
			.containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"-XX:MaxRAMPercentage=\\d+\"");
		assertThat(dockerfile.lines().filter((line) -> !line.startsWith("#")).count()).isLessThan(40);
		assertThat(read("deploy/healthcheck.sh")).contains("/health/readiness", "${PORT:-8081}");
	}

	/**
	 * The AOT cache is refused by a JVM whose collector or object layout differs from the
	 * training run's, and the benchmarks are meant to measure the JVM as shipped.
	 */
	@Test
	void the_aot_cache_and_the_benchmarks_run_the_entrypoint_s_jvm_flags() throws Exception {
		String dockerfile = read("Dockerfile");
		List<String> entrypoint = useFlags(line(dockerfile, "ENTRYPOINT "));
		assertThat(entrypoint).containsExactly("-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders");
		assertThat(useFlags(line(dockerfile, "RUN LLM_PROVIDER=simulator java"))).as("the AOT training run")
			.isEqualTo(entrypoint);

		Process shell = new ProcessBuilder("bash", "-c", ". bench/image-jvm.sh && echo \"$IMAGE_JVM_FLAGS\"")
			.directory(ROOT.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(shell.exitValue()).as(output).isZero();
		assertThat(List.of(output.trim().split(" "))).isEqualTo(entrypoint);
		for (String bench : List.of("run.sh", "stream.sh", "survival.sh", "memory.sh", "baseline.sh")) {
			assertThat(read("bench/" + bench)).as(bench)
				.contains(". bench/image-jvm.sh", "$IMAGE_JVM_FLAGS")
				.doesNotContain("-XX:+UseSerialGC");
		}
	}

	@Test
	void the_build_context_lets_in_everything_the_dockerfile_copies() throws IOException {
		List<String> allowed = read(".dockerignore").lines()
			.filter((line) -> line.startsWith("!"))
			.map((line) -> line.substring(1))
			.toList();
		Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(.+) \\S+$").matcher(read("Dockerfile"));
		int sources = 0;
		while (copy.find()) {
			for (String source : copy.group(1).split(" ")) {
				assertThat(allowed).as("COPY %s", source).contains(source);
				assertThat(ROOT.resolve(source)).exists();
				sources++;
			}
		}
		assertThat(sources).isEqualTo(6);
	}

	@Test
	void the_gpu_profile_points_the_gateway_at_vllm_serving_the_model_it_names() throws IOException {
		Map<String, Map<String, Object>> services = services();
		Map<String, Object> llm = services.get("llm");
		Map<String, Object> vllm = services.get("vllm");
		assertThat(llm.get("profiles")).isEqualTo(List.of("gpu"));
		assertThat(vllm.get("profiles")).isEqualTo(List.of("gpu"));
		Map<String, Object> environment = map(llm.get("environment"));
		assertThat(environment).containsEntry("LLM_PROVIDER", "vllm").containsEntry("VLLM_URL", "http://vllm:8000");
		assertThat(vllm.get("command").toString()).contains("--served-model-name=" + environment.get("VLLM_MODEL"));
		assertThat(vllm.get("image").toString()).startsWith("vllm/vllm-openai:");
		assertThat(vllm.toString()).contains("capabilities=[gpu]", "HF_TOKEN");
		assertThat(llm.toString()).contains("memory=1g");
	}

	@Test
	void the_sim_profile_runs_the_simulator_under_the_name_prometheus_scrapes() throws IOException {
		Map<String, Object> sim = services().get("llm-sim");
		assertThat(sim.get("profiles")).isEqualTo(List.of("sim"));
		assertThat(map(sim.get("environment"))).containsEntry("LLM_PROVIDER", "simulator");
		assertThat(sim.toString()).contains("aliases=[llm]");
		assertThat(read("deploy/prometheus.yml")).contains("targets: [\"llm:8081\"]");
	}

	@Test
	void compose_prometheus_config_is_the_documented_one_with_the_target_renamed(@TempDir Path dir) throws Exception {
		assertThat(withoutComments("deploy/prometheus.yml").replace("llm:8081", "localhost:8081"))
			.isEqualTo(withoutComments("docs/monitoring/prometheus.yml"));
		Files.copy(ROOT.resolve("deploy/prometheus.yml"), dir.resolve("prometheus.yml"));
		Files.copy(ROOT.resolve("docs/monitoring/alert-rules.yml"), dir.resolve("alert-rules.yml"));
		Process promtool = new ProcessBuilder("promtool", "check", "config", dir.resolve("prometheus.yml").toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(promtool.exitValue()).as(output).isZero();
	}

	@Test
	void every_file_compose_mounts_exists_and_grafana_loads_the_dashboard_from_where_it_is_mounted()
			throws IOException {
		for (Map<String, Object> service : services().values()) {
			for (Object volume : (List<?>) service.getOrDefault("volumes", List.of())) {
				String source = volume.toString().split(":")[0];
				if (source.startsWith("./")) {
					assertThat(ROOT.resolve(source)).as(volume.toString()).exists();
				}
			}
		}
		String dashboardMount = ((List<?>) services().get("grafana").get("volumes")).stream()
			.map(Object::toString)
			.filter((volume) -> volume.startsWith("./docs/monitoring/grafana-dashboard.json:"))
			.findFirst()
			.orElseThrow()
			.split(":")[1];
		assertThat(read("deploy/grafana/provisioning/dashboards/intelia-llm.yml"))
			.contains("path: " + Path.of(dashboardMount).getParent());
		assertThat(read("deploy/grafana/provisioning/datasources/prometheus.yml")).contains("type: prometheus",
				"url: http://prometheus:9090", "isDefault: true");
	}

	/**
	 * The gpu profile serves a LoRA adapter from a mounted folder, and its models file
	 * has an alias for every adapter vLLM is started with, on the upstream that points at
	 * it.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void the_gpu_profile_serves_a_lora_adapter_and_gives_it_an_alias() throws IOException {
		Map<String, Object> vllm = services().get("vllm");
		List<String> command = (List<String>) vllm.get("command");
		assertThat(command).contains("--enable-lora");
		List<String> adapters = command.stream()
			.filter((argument) -> argument.startsWith("--lora-modules="))
			.map((argument) -> argument.substring("--lora-modules=".length()).split("=")[0])
			.toList();
		assertThat(adapters).isNotEmpty();
		assertThat((List<String>) vllm.get("volumes")).anyMatch((volume) -> volume.startsWith("./adapters:/adapters"));
		Map<String, Object> llm = services().get("llm");
		String mounted = ((List<String>) llm.get("volumes")).stream()
			.filter((volume) -> volume.endsWith(":" + map(llm.get("environment")).get("MODELS_FILE") + ":ro"))
			.findFirst()
			.orElseThrow()
			.split(":")[0];
		Map<String, Object> models = new Yaml().load(read(mounted.substring(2)));
		String upstream = map(models.get("upstreams")).keySet().iterator().next();
		assertThat(map(map(models.get("upstreams")).get(upstream)).get("url")).isEqualTo("http://vllm:8000");
		List<Map<String, Object>> aliases = (List<Map<String, Object>>) models.get("models");
		for (String adapter : adapters) {
			assertThat(aliases).as(adapter)
				.anyMatch((alias) -> upstream.equals(alias.get("upstream"))
						&& adapter.equals(alias.get("upstream-model")));
		}
	}

	private static String envBlock() throws IOException {
		String dockerfile = read("Dockerfile");
		Matcher block = Pattern.compile("(?ms)^ENV .*?[^\\\\]$").matcher(dockerfile);
		assertThat(block.find()).as("an ENV instruction").isTrue();
		return block.group();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> services() throws IOException {
		Map<String, Object> compose = new Yaml().load(read("docker-compose.yml"));
		return (Map<String, Map<String, Object>>) compose.get("services");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	private static String withoutComments(String file) throws IOException {
		return String.join("\n", read(file).lines().filter((line) -> !line.startsWith("#")).toList());
	}

	private static String line(String file, String start) {
		return file.lines().filter((line) -> line.startsWith(start)).findFirst().orElseThrow();
	}

	private static List<String> useFlags(String line) {
		return Pattern.compile("-XX:[+-]Use\\w+").matcher(line).results().map(MatchResult::group).toList();
	}

	private static String read(String file) throws IOException {
		return Files.readString(ROOT.resolve(file));
	}

}
