package com.intelia.llm.transport;

import java.time.Duration;
import org.awaitility.Awaitility;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.intelia.llm.support.ConcurrentClass;
import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.LoggingLock;
import com.intelia.llm.transport.FakeUpstream.Exchange;
import com.intelia.llm.transport.Gateway.Streamed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams against a raw-socket upstream, where the connection itself is observed: a
 * client that leaves cancels the upstream, a dropped upstream is an error, and hundreds
 * of streams progress at once.
 */
// Beside the sequential classes: it mostly waits for streams and their clients, on a
// context and an upstream of its own.
@ConcurrentClass
// It starts a Spring Boot application, which sets logging up.
@ResourceLock(value = LoggingLock.KEY, mode = ResourceAccessMode.READ)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=vllm", "llm.vllm.model=fake-model",
				"llm.models-file=classpath:transport/models.yml",
				// 300 clients connect at once: a short accept queue would make some retry
				// their SYN.
				"server.tomcat.accept-count=1000",
				// ...and the gateway's own in-flight cap (64 by default) must let them
				// all in.
				"llm.access.concurrency.max-requests=1000" })
class StreamLifecycleTest {

	static final FakeUpstream upstream = FakeUpstream.start();

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("llm.vllm.url", () -> upstream.url() + "/v1/");
	}

	@AfterAll
	static void stop() throws Exception {
		upstream.close();
	}

	@LocalServerPort
	int port;

	@Test
	void a_client_that_leaves_mid_stream_cancels_the_upstream_within_a_second() throws Exception {
		upstream.script((exchange) -> {
			exchange.startStream();
			exchange.event(Chunks.role());
			for (int i = 0; i < 200 && !exchange.closedByPeer(); i++) {
				exchange.event(Chunks.text("tok" + i + " "));
				exchange.takeTime(50);
			}
		});

		long left;
		try (Socket client = new Socket("127.0.0.1", this.port)) {
			GatewayClient.sendRaw(client, Chunks.streamRequest("Long answer please"));
			readUntil(client.getInputStream(), "tok2 ");
			left = System.nanoTime();
		}

		Exchange exchange = upstream.exchanges().get(0);
		long closed = exchange.awaitClosedByPeer(5, TimeUnit.SECONDS);
		assertThat(closed).as("upstream connection closed").isPositive();
		long millis = TimeUnit.NANOSECONDS.toMillis(closed - left);
		System.out.println("Upstream closed " + millis + " ms after the client left");
		assertThat(millis).isLessThan(1000);
		assertThat(exchange.requestLine).isEqualTo("POST /v1/chat/completions HTTP/1.1");
		assertThat(exchange.headers).doesNotContainKeys("upgrade", "http2-settings");
	}

	@Test
	void a_streaming_client_that_leaves_before_the_first_token_cancels_the_upstream_within_a_second() throws Exception {
		// The upstream is still thinking: headers sent, no token yet, so the gateway has
		// written nothing that could reveal the client's absence.
		upstream.script((exchange) -> {
			exchange.startStream();
			exchange.awaitClosedByPeer(10, TimeUnit.SECONDS);
		});

		assertUpstreamClosedSoonAfterTheClientLeaves(Chunks.streamRequest("Think long before answering"));
	}

	@Test
	void a_blocking_client_that_leaves_cancels_the_upstream_within_a_second() throws Exception {
		upstream.script((exchange) -> exchange.awaitClosedByPeer(10, TimeUnit.SECONDS));

		assertUpstreamClosedSoonAfterTheClientLeaves(Chunks.blockingRequest("Long answer please"));
	}

	@Test
	void a_client_that_stays_is_not_taken_for_gone_while_the_upstream_thinks() throws Exception {
		// Several probes happen while this answer is awaited; none may cancel it.
		upstream.script((exchange) -> {
			exchange.startStream();
			exchange.takeTime(1200);
			exchange.event(Chunks.role());
			exchange.event(Chunks.text("Patience"));
			exchange.event(Chunks.stop());
			exchange.event("[DONE]");
		});

		Streamed streamed = new Gateway(this.port).stream(Chunks.streamRequest("hi"));

		assertThat(streamed.status()).isEqualTo(200);
		assertThat(streamed.text()).isEqualTo("Patience");
		assertThat(streamed.doneCount()).isOne();
	}

	private void assertUpstreamClosedSoonAfterTheClientLeaves(String request) throws Exception {
		long left;
		try (Socket client = new Socket("127.0.0.1", this.port)) {
			GatewayClient.sendRaw(client, request);
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !upstream.exchanges().isEmpty());
			assertThat(upstream.exchanges()).as("the upstream was called").hasSize(1);
			// Past the first probes: a client that stays a while is not taken for gone.
			Awaitility.await()
				.during(Duration.ofMillis(600))
				.atMost(Duration.ofSeconds(5))
				.until(() -> !upstream.exchanges().get(0).closedByPeer());
			left = System.nanoTime();
		}

		long closed = upstream.exchanges().get(0).awaitClosedByPeer(5, TimeUnit.SECONDS);
		assertThat(closed).as("upstream connection closed").isPositive();
		long millis = TimeUnit.NANOSECONDS.toMillis(closed - left);
		System.out.println("Upstream closed " + millis + " ms after the client left, before any answer");
		assertThat(millis).isLessThan(1000);
	}

	@Test
	void a_connection_dropped_mid_stream_ends_with_an_error_event_and_no_done() throws Exception {
		// The drop waits until the client has its first token. Dropped together with
		// it, the JDK client may discard the token with the connection, and the caller
		// rightly gets a plain 502 instead: that is a different case.
		CountDownLatch clientHasToken = new CountDownLatch(1);
		upstream.script((exchange) -> {
			exchange.startChunkedStream();
			exchange.chunkedEvent(Chunks.role());
			exchange.chunkedEvent(Chunks.text("Bon"));
			clientHasToken.await(10, TimeUnit.SECONDS);
			exchange.drop();
		});

		Streamed streamed = new Gateway(this.port).stream(Chunks.streamRequest("hi"), (data) -> {
			if (data.contains("Bon")) {
				clientHasToken.countDown();
			}
		});

		assertThat(streamed.status()).isEqualTo(200);
		assertThat(streamed.text()).isEqualTo("Bon");
		assertThat(streamed.doneCount()).isZero();
		String last = streamed.data().get(streamed.data().size() - 1);
		assertThat(Gateway.json(last).get("error").get("code").asString()).isEqualTo("upstream_stream_error");
	}

	/**
	 * The request's thread is let go after the first token and the stream is relayed
	 * asynchronously: it must still count as in flight, and hold its slot, until its end.
	 */
	@Test
	void a_relayed_stream_is_in_flight_until_its_last_event() throws Exception {
		CountDownLatch clientHasToken = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		upstream.script((exchange) -> {
			exchange.startStream();
			exchange.event(Chunks.role());
			exchange.event(Chunks.text("Bon"));
			finish.await(10, TimeUnit.SECONDS);
			exchange.event(Chunks.text("jour"));
			exchange.event(Chunks.stop());
			exchange.event("[DONE]");
		});
		GatewayClient http = new GatewayClient(this.port);
		// Streams of earlier tests complete asynchronously, just after their clients read
		// [DONE]: this one must be alone in flight.
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gauge(http, "llm_requests_in_flight") == 0);
		// The client's answer comes back to this thread: an assertion failing in the
		// client's own thread would only be printed.
		FutureTask<String> client = new FutureTask<>(
				() -> new Gateway(this.port).stream(Chunks.streamRequest("hi"), (data) -> {
					if (data.contains("Bon")) {
						clientHasToken.countDown();
					}
				}).text());
		Thread.ofVirtual().start(client);
		try {
			assertThat(clientHasToken.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(gauge(http, "llm_requests_in_flight")).as("in flight mid-stream").isEqualTo(1);
			assertThat(gauge(http, "llm_requests_in_flight_heap_reserved_bytes")).as("its slot's heap mid-stream")
				.isPositive();
		}
		finally {
			finish.countDown();
		}
		assertThat(client.get(10, TimeUnit.SECONDS)).isEqualTo("Bonjour");
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> gauge(http, "llm_requests_in_flight") == 0
					&& gauge(http, "llm_requests_in_flight_heap_reserved_bytes") == 0);
	}

	private static double gauge(GatewayClient http, String name) {
		Matcher line = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(http.get("/metrics").body());
		assertThat(line.find()).as(name + " is exposed").isTrue();
		return Double.parseDouble(line.group(2));
	}

	@Test
	void three_hundred_concurrent_streams_all_progress() throws Exception {
		int streams = 300;
		CountDownLatch firstTokens = new CountDownLatch(streams);
		upstream.script((exchange) -> {
			exchange.startStream();
			exchange.event(Chunks.role());
			exchange.event(Chunks.text("first"));
			// The rest waits until every client has its first token: a stream stuck
			// behind the others would keep this latch from ever reaching zero.
			firstTokens.await(30, TimeUnit.SECONDS);
			exchange.event(Chunks.text(" second"));
			exchange.event(Chunks.stop());
			exchange.event("[DONE]");
		});
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		Gateway gateway = new Gateway(this.port);
		warmUp(gateway);
		List<Long> firstTokenMillis = Collections.synchronizedList(new ArrayList<>());
		List<String> answers = Collections.synchronizedList(new ArrayList<>());
		long started = System.nanoTime();

		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < streams; i++) {
			clients.add(Thread.ofVirtual().start(() -> {
				try {
					HttpResponse<InputStream> response = http.send(gateway.request(Chunks.streamRequest("hi")),
							BodyHandlers.ofInputStream());
					answers.add(readStream(response.body(), () -> {
						firstTokenMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
						firstTokens.countDown();
					}));
				}
				catch (Exception ex) {
					answers.add("failed: " + ex);
				}
			}));
		}
		boolean allStarted = firstTokens.await(40, TimeUnit.SECONDS);
		long allFirstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		for (Thread client : clients) {
			client.join(TimeUnit.SECONDS.toMillis(30));
		}
		long totalMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

		List<Long> sorted = firstTokenMillis.stream().sorted().toList();
		System.out.printf(
				"%d streams: first token min %d ms, median %d ms, max %d ms; all first tokens after %d ms;"
						+ " all done after %d ms%n",
				streams, sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), allFirstMillis,
				totalMillis);
		assertThat(allStarted).as("every stream got its first token while all were open").isTrue();
		assertThat(answers).hasSize(streams).containsOnly("first second[DONE]");
	}

	/**
	 * One stream first, so that class loading and the JIT do not count in the timings.
	 */
	private static void warmUp(Gateway gateway) throws Exception {
		FakeUpstream.Script script = upstream.script();
		upstream.script((exchange) -> {
			exchange.startStream();
			exchange.event(Chunks.role());
			exchange.event(Chunks.text("warm"));
			exchange.event(Chunks.stop());
			exchange.event("[DONE]");
		});
		long started = System.nanoTime();
		assertThat(gateway.stream(Chunks.streamRequest("warm up")).text()).isEqualTo("warm");
		System.out.println("Warm-up stream took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
		upstream.script(script);
	}

	/** Reads a stream's text; returns it with {@code [DONE]} appended if it came. */
	private static String readStream(InputStream body, Runnable onFirstToken) throws Exception {
		StringBuilder answer = new StringBuilder();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.startsWith("data:")) {
					continue;
				}
				String data = line.substring(5).strip();
				if ("[DONE]".equals(data)) {
					answer.append(data);
					continue;
				}
				String content = Gateway.json(data).path("choices").path(0).path("delta").path("content").asString("");
				if (answer.isEmpty() && !content.isEmpty()) {
					onFirstToken.run();
				}
				answer.append(content);
			}
		}
		return answer.toString();
	}

	private static void readUntil(InputStream in, String marker) throws Exception {
		StringBuilder seen = new StringBuilder();
		int b;
		while ((b = in.read()) != -1) {
			seen.append((char) b);
			if (seen.indexOf(marker) >= 0) {
				return;
			}
		}
		throw new AssertionError("The stream ended before '" + marker + "': " + seen);
	}

}
