package com.intelia.llm.access;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.intelia.llm.InteliaLlmApplication;
import com.intelia.llm.support.ConcurrentClass;
import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.LoggingLock;
import com.intelia.llm.support.OpenAiErrors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service under a burst far over its cap of 2 answers in flight, then shut down while
 * a stream is mid-answer. The application is started here, not by the test framework, so
 * the test can close it. Streams are slow on purpose: 100 ms between tokens.
 */
// Beside the sequential classes: an application of its own, which it closes; it mostly
// waits for slow streams.
@ConcurrentClass
// It starts a Spring Boot application, which sets logging up.
@ResourceLock(value = LoggingLock.KEY, mode = ResourceAccessMode.READ)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadAndShutdownTest {

	private static ConfigurableApplicationContext app;

	private static GatewayClient client;

	@BeforeAll
	static void start() {
		// Command-line arguments, since they outrank application.yml.
		app = new SpringApplicationBuilder(InteliaLlmApplication.class).run("--server.port=0",
				"--llm.provider=simulator", "--llm.simulator.ttft-ms=0", "--llm.simulator.itl-ms=100",
				"--llm.access.concurrency.max-requests=2", "--llm.access.concurrency.queue-wait-ms=100",
				"--llm.access.shutdown-drain-seconds=1", "--spring.lifecycle.timeout-per-shutdown-phase=20s");
		client = new GatewayClient(((WebServerApplicationContext) app).getWebServer().getPort());
	}

	@AfterAll
	static void stop() {
		if (app != null && app.isActive()) {
			app.close();
		}
	}

	@Test
	@Order(1)
	void a_burst_far_over_the_cap_is_refused_at_once_and_the_cap_is_served() throws Exception {
		List<HttpResponse<String>> answers = new ArrayList<>();
		long started = System.nanoTime();
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<HttpResponse<String>>> pending = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				pending.add(clients.submit(() -> client.post("/v1/chat/completions", Chat.body("Hi", 4, true))));
			}
			for (Future<HttpResponse<String>> answer : pending) {
				answers.add(answer.get());
			}
		}
		Map<Integer, Integer> byStatus = new TreeMap<>();
		answers.forEach((answer) -> byStatus.merge(answer.statusCode(), 1, Integer::sum));
		System.out.printf("Burst of 40 over a cap of 2: %s in %d ms%n", byStatus,
				Duration.ofNanos(System.nanoTime() - started).toMillis());

		assertThat(byStatus.keySet()).containsOnly(200, 429);
		assertThat(byStatus.get(200)).isGreaterThanOrEqualTo(2);
		assertThat(byStatus.get(429)).isGreaterThanOrEqualTo(20);
		for (HttpResponse<String> answer : answers) {
			if (answer.statusCode() == 429) {
				assertThat(OpenAiErrors.assertEnvelope(answer).get("code").asString())
					.isEqualTo("concurrency_limit_exceeded");
				assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
			}
			else {
				assertThat(answer.body()).endsWith("data: [DONE]\n\n");
			}
		}
		assertThat(client.post("/v1/chat/completions", Chat.body("Hi", 2, false)).statusCode()).isEqualTo(200);
	}

	@Test
	@Order(2)
	void a_stream_mid_answer_when_shutdown_starts_completes_while_readiness_turns_503() throws Exception {
		HttpResponse<Stream<String>> response = client.send(
				client.postRequest("/v1/chat/completions", Chat.body("Hello", 20, true)),
				HttpResponse.BodyHandlers.ofLines());
		Iterator<String> lines = response.body().iterator();
		String first = nextData(lines);
		Thread closer = Thread.ofPlatform().start(app::close);

		int readiness = awaitReadiness503();
		List<String> rest = new ArrayList<>();
		lines.forEachRemaining(rest::add);
		closer.join(30_000);

		assertThat(first).startsWith("data: {");
		assertThat(readiness).isEqualTo(503);
		assertThat(rest.stream().filter((line) -> line.startsWith("data: ")).toList()).last().isEqualTo("data: [DONE]");
		assertThat(rest).filteredOn((line) -> line.contains("\"error\"")).isEmpty();
		assertThat(app.isActive()).isFalse();
		assertThatThrownBy(() -> client.send(client.request("/health").timeout(Duration.ofSeconds(5))))
			.hasCauseInstanceOf(ConnectException.class);
	}

	private static String nextData(Iterator<String> lines) {
		while (lines.hasNext()) {
			String line = lines.next();
			if (line.startsWith("data: ")) {
				return line;
			}
		}
		return "";
	}

	/** Polls readiness during the drain; the stream is still running meanwhile. */
	private static int awaitReadiness503() {
		int[] status = { 0 };
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(25))
			.ignoreExceptions()
			.until(() -> (status[0] = readiness()) == 503);
		return status[0];
	}

	private static int readiness() {
		return client.send(client.request("/health/readiness").timeout(Duration.ofSeconds(2))).statusCode();
	}

}
