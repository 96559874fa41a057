package com.intelia.llm.observability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The files in {@code docs/monitoring} are valid for the tools that read them. */
class MonitoringFilesTest {

	static final Path MONITORING = Path.of("docs/monitoring");

	@Test
	void prometheus_config_passes_promtool() throws Exception {
		Promtool.check("", "check", "config", MONITORING.resolve("prometheus.yml").toString());
	}

	@Test
	void alert_rules_pass_promtool_and_their_unit_tests() throws Exception {
		Promtool.check("", "check", "rules", MONITORING.resolve("alert-rules.yml").toString());
		Promtool.check("", "test", "rules", MONITORING.resolve("alerts.test.yml").toString());
	}

	@Test
	void alert_rules_cover_what_operators_asked_for() throws Exception {
		assertThat(Files.readString(MONITORING.resolve("alert-rules.yml"))).contains("alert: LlmHighErrorRatio",
				"alert: LlmHighLatencyP95", "alert: LlmSlowTimeToFirstToken", "alert: LlmModelNotLoaded",
				"alert: LlmCircuitOpen", "alert: LlmFallbackInUse", "alert: LlmNoTraffic");
	}

	@Test
	void dashboard_has_the_required_panels() throws Exception {
		List<String> titles = panels().stream().map((panel) -> panel.get("title").asString()).toList();

		assertThat(titles).contains("Requests per second by status", "Errors by type", "Latency p50 / p95 / p99",
				"Time to first token p50 / p95 / p99", "Tokens per second", "Model loaded", "In-flight requests",
				"Gateway overhead p50 / p95 / p99");
	}

	@Test
	void every_dashboard_query_is_valid_promql(@TempDir Path directory) throws Exception {
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		int index = 0;
		for (JsonNode panel : panels()) {
			for (JsonNode target : panel.get("targets")) {
				String expr = target.get("expr")
					.asString()
					.replace("$__rate_interval", "5m")
					.replace("$model", ".*")
					.replace("'", "''");
				rules.append("      - record: dashboard:query_").append(index++).append("\n");
				rules.append("        expr: '").append(expr).append("'\n");
			}
		}
		Path file = Files.writeString(directory.resolve("dashboard-rules.yml"), rules);

		assertThat(index).isGreaterThan(8);
		Promtool.check("", "check", "rules", file.toString());
	}

	private static List<JsonNode> panels() throws Exception {
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
		List<JsonNode> panels = new ArrayList<>();
		dashboard.get("panels").forEach(panels::add);
		return panels;
	}

}
