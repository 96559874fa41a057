package com.intelia.llm.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.intelia.llm.resilience.ResilientCalls;
import com.intelia.llm.support.ConcurrentClass;
import com.intelia.llm.support.LoggingLock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream that is really down, with the default circuit settings: the circuit opens,
 * then answers at once without touching the network, and lets traffic through again soon
 * after the upstream is back.
 */
// Beside the sequential classes: it mostly waits for the circuit's open state, on a
// context and an upstream port of its own.
@ConcurrentClass
// It starts a Spring Boot application, which sets logging up.
@ResourceLock(value = LoggingLock.KEY, mode = ResourceAccessMode.READ)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "llm.provider=vllm",
		"llm.vllm.model=fake-model", "llm.models-file=classpath:transport/models.yml" })
class CircuitOnDownUpstreamTest {

	/** A port nothing listens on, until the upstream comes back there. */
	static final int PORT = freePort();

	static FakeUpstream upstream;

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("llm.vllm.url", () -> "http://127.0.0.1:" + PORT);
	}

	@AfterAll
	static void stop() throws Exception {
		if (upstream != null) {
			upstream.close();
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	ResilientCalls resilience;

	@Test
	void a_refusing_upstream_opens_the_circuit_which_fails_fast_then_recovers() throws Exception {
		Gateway gateway = new Gateway(this.port);
		List<HttpResponse<String>> refused = concurrently(20, () -> gateway.post(Chunks.blockingRequest("hi")));
		assertThat(refused).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(503));
		assertThat(this.resilience.circuit("vllm").getState().name()).isEqualTo("OPEN");

		List<Long> millis = new ArrayList<>();
		for (int request = 0; request < 11; request++) {
			long started = System.nanoTime();
			HttpResponse<String> response = gateway.post(Chunks.blockingRequest("hi"));
			millis.add((System.nanoTime() - started) / 1_000_000);
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.body()).contains("circuit_open");
			assertThat(response.headers().firstValue("Retry-After")).isPresent();
		}
		// The median, so one scheduling hiccup on a loaded machine does not decide.
		assertThat(millis.stream().sorted().toList().get(millis.size() / 2)).isLessThan(50);

		upstream = FakeUpstream.start(PORT);
		upstream.script((exchange) -> exchange.respond(200, CircuitUnderFaultsTest.ANSWER));
		long back = System.nanoTime();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> gateway.post(Chunks.blockingRequest("hi")).statusCode() == 200);
		assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(10));
		assertThat(this.resilience.circuit("vllm").getState().name()).isEqualTo("CLOSED");
	}

	private static <T> List<T> concurrently(int count, Callable<T> call) throws Exception {
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(threads.submit(call));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
