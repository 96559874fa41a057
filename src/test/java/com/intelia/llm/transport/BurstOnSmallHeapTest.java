package com.intelia.llm.transport;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.intelia.llm.InteliaLlmApplication;
import com.intelia.llm.support.ConcurrentClass;
import com.intelia.llm.support.GatewayClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of 3,000 concurrent requests, each a one-second answer, against the gateway on
 * a 128 MiB heap with its default, heap-derived limits. The gateway runs in a JVM of its
 * own, since a heap is set per process: every request gets 200 or 429, nothing runs out
 * of memory, and the service answers normally right after.
 */
// Beside the sequential classes: the gateway under test is a child JVM of its own, with
// an upstream of its own; this JVM mostly waits for its answers.
@ConcurrentClass
class BurstOnSmallHeapTest {

	static final int BURST = 3000;

	static final FakeUpstream upstream = FakeUpstream.start();

	@TempDir
	static Path logs;

	static Process gateway;

	static Path log;

	static int port;

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port\\D*(\\d+)");

	@BeforeAll
	static void start() throws Exception {
		// Answers as a model would: after a second's work.
		upstream.script((exchange) -> {
			if (exchange.requestLine.startsWith("GET /v1/models")) {
				exchange.respond(200, "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\"}]}");
				return;
			}
			exchange.takeTime(1000);
			exchange.respond(200, CircuitUnderFaultsTest.ANSWER);
		});
		log = logs.resolve("gateway.log");
		gateway = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
				InteliaLlmApplication.class.getName(), "--server.port=0", "--llm.provider=vllm",
				"--llm.vllm.url=" + upstream.url(), "--llm.vllm.model=fake-model",
				"--llm.models-file=classpath:transport/models.yml", "--logging.level.root=WARN",
				"--logging.level.com.intelia.llm.access.LoadLimitsConfiguration=INFO",
				"--logging.level.org.springframework.boot.tomcat.TomcatWebServer=INFO"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(gateway.isAlive()).as("the gateway is running").isTrue();
			// The child takes a free port itself, so no other process can take it first.
			Matcher started = STARTED.matcher(Files.readString(log));
			if (!started.find()) {
				return false;
			}
			port = Integer.parseInt(started.group(1));
			return status("/health/readiness") == 200;
		});
	}

	@AfterAll
	static void stop() throws IOException {
		if (gateway != null) {
			gateway.destroyForcibly();
		}
		upstream.close();
	}

	@Test
	void every_request_gets_200_or_429_nothing_runs_out_of_memory_and_the_service_answers_after() throws Exception {
		GatewayClient client = new GatewayClient(port);
		Map<String, Integer> outcomes = new TreeMap<>();
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<String>> answers = new ArrayList<>();
			for (int i = 0; i < BURST; i++) {
				answers.add(callers.submit(() -> outcome(client)));
			}
			for (Future<String> answer : answers) {
				outcomes.merge(answer.get(), 1, Integer::sum);
			}
		}

		assertThat(outcomes.keySet()).as("%s", outcomes).isSubsetOf("200", "429 with Retry-After");
		assertThat(outcomes.getOrDefault("200", 0)).as("%s", outcomes).isPositive();
		assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError").contains("Load limits from a");
		assertThat(gateway.isAlive()).isTrue();
		assertThat(status("/health/liveness")).isEqualTo(200);
		assertThat(send(client).statusCode()).isEqualTo(200);
	}

	private static String outcome(GatewayClient client) {
		try {
			HttpResponse<String> response = send(client);
			if (response.statusCode() == 429 && response.headers().firstValue("Retry-After").isPresent()) {
				return "429 with Retry-After";
			}
			return Integer.toString(response.statusCode());
		}
		catch (IllegalStateException ex) {
			return String.valueOf(ex.getCause());
		}
	}

	private static HttpResponse<String> send(GatewayClient client) {
		return client.post("/v1/chat/completions",
				Chunks.blockingRequest("Quelle température à J21 ?").getBytes(StandardCharsets.UTF_8),
				Duration.ofSeconds(90));
	}

	private static int status(String path) {
		try {
			GatewayClient client = new GatewayClient(port);
			return client.send(client.request(path).GET(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IllegalStateException ex) {
			return -1;
		}
	}

}
