package com.intelia.llm.access;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.intelia.llm.access.Mutations.Case;
import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.OpenAiErrors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of hostile variants of valid chat requests, over real HTTP. Every answer must
 * be a 2xx, or a 4xx in OpenAI's error shape; never a 5xx, never a hang; and the service
 * must still answer a normal request afterwards. The seed is fixed, so a failure names a
 * case that replays.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "llm.simulator.ttft-ms=0", "llm.simulator.itl-ms=0" })
class ChatFuzzTest {

	static final long SEED = 20261126L;

	static final int CASES = 2000;

	private static final int MIB = 1024 * 1024;

	@LocalServerPort
	int port;

	GatewayClient client;

	@BeforeEach
	void client() {
		this.client = new GatewayClient(this.port);
	}

	@Test
	void every_mutation_gets_a_2xx_or_an_openai_4xx_and_the_service_keeps_answering() {
		Mutations mutations = new Mutations(SEED);
		List<Case> cases = new ArrayList<>();
		for (int i = 0; i < CASES; i++) {
			cases.add(mutations.next(i));
		}
		cases.add(Mutations.bigString(CASES, 10 * MIB));
		cases.add(Mutations.bigString(CASES + 1, 10 * MIB + 7));
		cases.add(Mutations.bigString(CASES + 2, 2 * MIB));
		Map<Integer, Integer> byStatus = new TreeMap<>();
		List<String> failures = new ArrayList<>();
		long started = System.nanoTime();
		for (Case fuzz : cases) {
			String failure = check(fuzz, byStatus);
			if (failure != null) {
				failures.add(failure);
			}
		}
		report(cases.size(), byStatus, failures, System.nanoTime() - started);
		HttpResponse<String> normal = this.client.post("/v1/chat/completions", Chat.body("Hello", 3, false));

		assertThat(failures).isEmpty();
		assertThat(normal.statusCode()).isEqualTo(200);
	}

	private String check(Case fuzz, Map<Integer, Integer> byStatus) {
		HttpResponse<String> response;
		try {
			response = this.client.post("/v1/chat/completions", fuzz.body(), Duration.ofSeconds(10));
		}
		catch (IllegalStateException ex) {
			byStatus.merge(0, 1, Integer::sum);
			return "no answer (" + ex.getCause() + ") to " + fuzz.preview();
		}
		int status = response.statusCode();
		byStatus.merge(status, 1, Integer::sum);
		if (status >= 200 && status < 300) {
			boolean stream = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
			return (!stream || response.body().endsWith("data: [DONE]\n\n")) ? null
					: "stream without [DONE] for " + fuzz.preview() + " -> " + tail(response.body());
		}
		if (status >= 400 && status < 500 && OpenAiErrors.isEnvelope(response.body())) {
			return null;
		}
		return status + " " + tail(response.body()) + " for " + fuzz.preview();
	}

	private static void report(int tried, Map<Integer, Integer> byStatus, List<String> failures, long nanos) {
		int ok = byStatus.entrySet().stream().filter((e) -> e.getKey() / 100 == 2).mapToInt(Map.Entry::getValue).sum();
		Map<Integer, Integer> clientErrors = new TreeMap<>(byStatus);
		clientErrors.keySet().removeIf((status) -> status / 100 != 4);
		int serverErrors = byStatus.entrySet()
			.stream()
			.filter((e) -> e.getKey() / 100 == 5)
			.mapToInt(Map.Entry::getValue)
			.sum();
		System.out.printf("Fuzz seed %d: %d cases in %d ms; 2xx %d; 4xx %s; 5xx %d; no answer %d%n", SEED, tried,
				Duration.ofNanos(nanos).toMillis(), ok, clientErrors, serverErrors, byStatus.getOrDefault(0, 0));
		failures.stream().limit(20).forEach((failure) -> System.out.println("FAILED " + failure));
	}

	private static String tail(String body) {
		String text = new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
		return (text.length() > 400) ? "…" + text.substring(text.length() - 400) : text;
	}

}
