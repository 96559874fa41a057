package com.intelia.llm.ship;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests as {@code kubectl kustomize} renders them (the same as
 * {@code kubectl apply -k} would send), read with a YAML parser: the gateway is probed,
 * sized, locked down, given every secret and its files where it reads them, and the Redis
 * overlay points it at its own Redis.
 */
class KubernetesManifestsTest {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	private static final List<String> SECRETS = List.of("HUGGINGFACE_API_KEY", "VLLM_API_KEY", "LLM_API_KEYS",
			"LLM_ADMIN_KEYS", "REDIS_URL", "LLM_CAPTURE_DB_URL", "LLM_CAPTURE_DB_USER", "LLM_CAPTURE_DB_PASSWORD");

	private static Manifests base;

	private static Manifests redis;

	@BeforeAll
	static void render() throws Exception {
		base = Manifests.render(ROOT.resolve("deploy/kubernetes"));
		redis = Manifests.render(ROOT.resolve("deploy/kubernetes/redis"));
	}

	@Test
	void the_base_holds_a_deployment_service_disruption_budget_autoscaler_secret_and_files() {
		assertThat(base.kinds()).containsExactlyInAnyOrder("Deployment", "Service", "PodDisruptionBudget",
				"HorizontalPodAutoscaler", "Secret", "ConfigMap");
	}

	@Test
	void probes_watch_liveness_and_readiness_on_the_service_port() {
		YamlNode container = base.gateway();
		assertThat(container.at("livenessProbe", "httpGet", "path").text()).isEqualTo("/health/liveness");
		assertThat(container.at("readinessProbe", "httpGet", "path").text()).isEqualTo("/health/readiness");
		assertThat(container.at("startupProbe", "httpGet", "path").text()).isEqualTo("/health/liveness");
		for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
			assertThat(container.at(probe, "httpGet", "port").text()).isEqualTo("http");
		}
		YamlNode http = container.at("ports").items().get(0);
		assertThat(http.at("name").text()).isEqualTo("http");
		assertThat(http.at("containerPort").number()).isEqualTo(8081);
		assertThat(env(container, "PORT")).isEqualTo("8081");
	}

	@Test
	void the_pod_is_stopped_only_after_prestop_drain_and_grace_have_run() {
		YamlNode pod = base.gatewayPod();
		YamlNode container = base.gateway();
		List<YamlNode> preStop = container.at("lifecycle", "preStop", "exec", "command").items();
		assertThat(preStop).hasSize(2);
		assertThat(preStop.get(0).text()).isEqualTo("sleep");
		long sleep = Long.parseLong(preStop.get(1).text());
		long drain = Long.parseLong(env(container, "LLM_SHUTDOWN_DRAIN_SECONDS"));
		long grace = Long.parseLong(env(container, "LLM_SHUTDOWN_GRACE_SECONDS"));

		assertThat(sleep).isPositive();
		assertThat(pod.at("terminationGracePeriodSeconds").number()).isGreaterThan(sleep + drain + grace);
	}

	@Test
	void memory_holds_the_measured_peak_beside_the_heap_the_image_gives_itself() throws IOException {
		YamlNode resources = base.gateway().at("resources");
		long limit = Quantity.bytes(resources.at("limits", "memory").text());
		Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(read("Dockerfile"));
		assertThat(percentage.find()).isTrue();
		long heap = limit * Long.parseLong(percentage.group(1)) / 100;

		// docs/performance.md: a 256 MiB heap carried 1,000 requests in flight, and RSS
		// peaked at 455 MiB, about 200 MiB beside the heap.
		assertThat(heap).isGreaterThanOrEqualTo(256L << 20);
		assertThat(limit - heap).isGreaterThanOrEqualTo(200L << 20);
		assertThat(resources.at("requests", "memory").text()).isEqualTo(resources.at("limits", "memory").text());
		assertThat(Quantity.millicores(resources.at("requests", "cpu").text())).isPositive()
			.isLessThanOrEqualTo(Quantity.millicores(resources.at("limits", "cpu").text()));
	}

	@Test
	void runs_as_the_image_user_on_a_read_only_root_with_a_writable_tmp() throws IOException {
		Matcher uid = Pattern.compile("--uid (\\d+)").matcher(read("Dockerfile"));
		assertThat(uid.find()).isTrue();
		YamlNode pod = base.gatewayPod();
		YamlNode container = base.gateway();

		assertThat(pod.at("securityContext", "runAsNonRoot").bool()).isTrue();
		assertThat(pod.at("securityContext", "runAsUser").number()).isEqualTo(Long.parseLong(uid.group(1)));
		assertThat(pod.at("automountServiceAccountToken").bool()).isFalse();
		assertThat(container.at("securityContext", "readOnlyRootFilesystem").bool()).isTrue();
		assertThat(container.at("securityContext", "allowPrivilegeEscalation").bool()).isFalse();
		assertThat(container.at("securityContext", "capabilities", "drop").items()).extracting(YamlNode::text)
			.containsExactly("ALL");
		YamlNode tmp = volumeMountedAt(pod, container, "/tmp");
		assertThat(tmp.has("emptyDir")).isTrue();
	}

	@Test
	void every_secret_comes_from_the_secret_under_its_own_name() {
		YamlNode secret = base.only("Secret");
		String secretName = secret.at("metadata", "name").text();
		assertThat(secret.at("stringData").keys()).containsExactlyInAnyOrderElementsOf(SECRETS);
		for (String name : SECRETS) {
			YamlNode variable = envVariable(base.gateway(), name);
			assertThat(variable.has("value")).as(name).isFalse();
			assertThat(variable.at("valueFrom", "secretKeyRef", "name").text()).as(name).isEqualTo(secretName);
			assertThat(variable.at("valueFrom", "secretKeyRef", "key").text()).as(name).isEqualTo(name);
		}
	}

	@Test
	void models_and_prompts_are_mounted_where_models_file_and_prompts_dir_point() throws IOException {
		YamlNode pod = base.gatewayPod();
		YamlNode container = base.gateway();
		String modelsFile = env(container, "MODELS_FILE");
		String promptsDir = env(container, "PROMPTS_DIR");

		assertThat(fileAt(pod, container, modelsFile)).isEqualTo(read("src/main/resources/models.yml"));
		List<Path> prompts;
		try (Stream<Path> files = Files.walk(ROOT.resolve("prompts"))) {
			// What the prompt loader reads: <id>/v<N>.md.
			prompts = files.filter((file) -> file.getFileName().toString().matches("v[0-9]+\\.md")).toList();
		}
		assertThat(prompts).isNotEmpty();
		for (Path prompt : prompts) {
			String relative = ROOT.resolve("prompts").relativize(prompt).toString();
			assertThat(relative).matches("[a-z0-9-]+/v\\d+\\.md");
			assertThat(fileAt(pod, container, promptsDir + "/" + relative)).as(relative)
				.isEqualTo(Files.readString(prompt));
		}
	}

	@Test
	void prometheus_scrapes_metrics_on_the_service_port() {
		YamlNode annotations = base.deployment("intelia-llm").at("spec", "template", "metadata", "annotations");
		assertThat(annotations.at("prometheus.io/scrape").text()).isEqualTo("true");
		assertThat(annotations.at("prometheus.io/port").text()).isEqualTo(env(base.gateway(), "PORT"));
		assertThat(annotations.at("prometheus.io/path").text()).isEqualTo("/metrics");
	}

	@Test
	void service_disruption_budget_and_autoscaler_all_aim_at_the_gateway() {
		YamlNode deployment = base.deployment("intelia-llm");
		Map<String, Object> podLabels = deployment.at("spec", "template", "metadata", "labels").map();
		YamlNode service = base.only("Service");
		YamlNode budget = base.only("PodDisruptionBudget");
		YamlNode autoscaler = base.only("HorizontalPodAutoscaler");

		assertThat(podLabels).containsAllEntriesOf(service.at("spec", "selector").map())
			.containsAllEntriesOf(budget.at("spec", "selector", "matchLabels").map())
			.containsAllEntriesOf(deployment.at("spec", "selector", "matchLabels").map());
		assertThat(service.at("spec", "ports").items().get(0).at("targetPort").text()).isEqualTo("http");
		assertThat(autoscaler.at("spec", "scaleTargetRef", "kind").text()).isEqualTo("Deployment");
		assertThat(autoscaler.at("spec", "scaleTargetRef", "name").text()).isEqualTo("intelia-llm");
		assertThat(autoscaler.at("spec", "metrics").items().get(0).at("resource", "name").text()).isEqualTo("cpu");
		assertThat(deployment.at("spec").has("replicas")).as("the autoscaler owns the count").isFalse();
		assertThat(budget.at("spec", "minAvailable").number())
			.isLessThan(autoscaler.at("spec", "minReplicas").number());
	}

	@Test
	void the_redis_overlay_points_the_gateway_at_its_own_redis_with_its_password() {
		YamlNode gateway = redis.gateway();
		List<String> names = gateway.at("env").items().stream().map((item) -> item.at("name").text()).toList();
		YamlNode url = envVariable(gateway, "REDIS_URL");
		YamlNode password = envVariable(gateway, "REDIS_PASSWORD");
		YamlNode server = redis.deployment("intelia-llm-redis")
			.at("spec", "template", "spec", "containers")
			.items()
			.get(0);
		YamlNode service = redis.named("Service", "intelia-llm-redis");

		assertThat(url.has("valueFrom")).isFalse();
		assertThat(url.at("value").text()).isEqualTo("redis://:$(REDIS_PASSWORD)@intelia-llm-redis:"
				+ service.at("spec", "ports").items().get(0).at("port").number());
		assertThat(names.indexOf("REDIS_PASSWORD")).as("defined before REDIS_URL uses it")
			.isLessThan(names.indexOf("REDIS_URL"));
		assertThat(password.at("valueFrom", "secretKeyRef").map())
			.isEqualTo(envVariable(server, "REDIS_PASSWORD").at("valueFrom", "secretKeyRef").map());
		assertThat(
				redis.named("Secret", password.at("valueFrom", "secretKeyRef", "name").text()).at("stringData").keys())
			.contains(password.at("valueFrom", "secretKeyRef", "key").text());
		assertThat(redis.deployment("intelia-llm-redis").at("spec", "template", "metadata", "labels").map())
			.containsAllEntriesOf(service.at("spec", "selector").map());
		assertThat(server.at("securityContext", "readOnlyRootFilesystem").bool()).isTrue();
		assertThat(redis.gateway().at("readinessProbe", "httpGet", "path").text()).isEqualTo("/health/readiness");
	}

	private static String fileAt(YamlNode pod, YamlNode container, String path) {
		YamlNode mount = container.at("volumeMounts")
			.items()
			.stream()
			.filter((candidate) -> path.startsWith(candidate.at("mountPath").text() + "/"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume mounted above " + path));
		String inVolume = path.substring(mount.at("mountPath").text().length() + 1);
		YamlNode volume = volume(pod, mount.at("name").text());
		YamlNode configMap = base.named("ConfigMap", volume.at("configMap", "name").text());
		String key = volume.at("configMap", "items")
			.items()
			.stream()
			.filter((item) -> item.at("path").text().equals(inVolume))
			.map((item) -> item.at("key").text())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no item of the ConfigMap lands at " + path));
		return configMap.at("data", key).text();
	}

	private static YamlNode volumeMountedAt(YamlNode pod, YamlNode container, String path) {
		String name = container.at("volumeMounts")
			.items()
			.stream()
			.filter((mount) -> mount.at("mountPath").text().equals(path))
			.map((mount) -> mount.at("name").text())
			.findFirst()
			.orElseThrow(() -> new AssertionError("nothing mounted at " + path));
		return volume(pod, name);
	}

	private static YamlNode volume(YamlNode pod, String name) {
		return pod.at("volumes")
			.items()
			.stream()
			.filter((volume) -> volume.at("name").text().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume " + name));
	}

	private static String env(YamlNode container, String name) {
		return envVariable(container, name).at("value").text();
	}

	private static YamlNode envVariable(YamlNode container, String name) {
		return container.at("env")
			.items()
			.stream()
			.filter((variable) -> variable.at("name").text().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no env variable " + name));
	}

	private static String read(String file) throws IOException {
		return Files.readString(ROOT.resolve(file));
	}

	/** Kubernetes resource quantities, the few forms the manifests use. */
	static final class Quantity {

		private static final Pattern FORM = Pattern.compile("(\\d+)(Ki|Mi|Gi|m)?");

		private Quantity() {
		}

		static long bytes(String quantity) {
			Matcher form = match(quantity);
			long amount = Long.parseLong(form.group(1));
			return switch (String.valueOf(form.group(2))) {
				case "Ki" -> amount << 10;
				case "Mi" -> amount << 20;
				case "Gi" -> amount << 30;
				case "null" -> amount;
				default -> throw new AssertionError("not a memory quantity: " + quantity);
			};
		}

		static long millicores(String quantity) {
			Matcher form = match(quantity);
			long amount = Long.parseLong(form.group(1));
			return "m".equals(form.group(2)) ? amount : amount * 1000;
		}

		private static Matcher match(String quantity) {
			Matcher form = FORM.matcher(quantity);
			assertThat(form.matches()).as("quantity %s", quantity).isTrue();
			return form;
		}

	}

}
