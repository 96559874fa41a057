package com.intelia.llm.transport;

import java.net.http.HttpResponse;
import java.util.List;

import com.intelia.llm.resilience.ResilientCalls;
import com.intelia.llm.support.ConcurrentClass;
import com.intelia.llm.support.LoggingLock;
import com.intelia.llm.transport.FakeUpstream.Exchange;
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
 * A healthy upstream with scattered faults, through the real transport and the default
 * circuit settings: the faults reach their callers, explained, and the circuit never
 * opens, so every healthy request is answered.
 */
// Beside the sequential classes: it mostly waits for its upstream's faults (a hanging
// answer, backoffs), on a context and an upstream of its own.
@ConcurrentClass
// It starts a Spring Boot application, which sets logging up.
@ResourceLock(value = LoggingLock.KEY, mode = ResourceAccessMode.READ)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=vllm", "llm.vllm.model=fake-model",
				"llm.models-file=classpath:transport/models.yml",
				// The hanging fault waits out the whole answer's limit.
				"llm.timeouts.total-seconds=2", "llm.resilience.initial-backoff-millis=20" })
class CircuitUnderFaultsTest {

	static final FakeUpstream upstream = FakeUpstream.start();

	static final List<String> FAULTS = List.of("500", "reset", "badjson", "timeout", "429");

	static final String ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"fake-model",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("llm.vllm.url", upstream::url);
	}

	@AfterAll
	static void stop() throws Exception {
		upstream.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	ResilientCalls resilience;

	@Test
	void forty_requests_with_every_fourth_faulty_never_open_the_circuit() throws Exception {
		upstream.script(CircuitUnderFaultsTest::answer);
		Gateway gateway = new Gateway(this.port);
		for (int request = 1; request <= 40; request++) {
			String fault = (request % 4 == 0) ? FAULTS.get((request / 4 - 1) % FAULTS.size()) : "none";
			HttpResponse<String> response = gateway.post(Chunks.blockingRequest("fault:" + fault));

			assertThat(response.body()).as("request %d (%s)", request, fault).doesNotContain("circuit_open");
			assertThat(response.statusCode()).as("request %d (%s)", request, fault).isEqualTo(expected(fault));
			assertThat(this.resilience.circuit("vllm").getState().name()).isEqualTo("CLOSED");
		}
	}

	private static int expected(String fault) {
		return switch (fault) {
			case "none" -> 200;
			case "timeout" -> 504;
			case "429" -> 429;
			default -> 502;
		};
	}

	private static void answer(Exchange exchange) throws Exception {
		String body = exchange.body;
		if (body.contains("fault:500")) {
			exchange.respond(500, "{\"error\":{\"message\":\"engine crashed\"}}");
		}
		else if (body.contains("fault:reset")) {
			exchange.reset();
		}
		else if (body.contains("fault:badjson")) {
			exchange.respond(200, "{\"id\": \"chatcmpl-1\", \"choices\": [ oops");
		}
		else if (body.contains("fault:timeout")) {
			exchange.hang(10);
		}
		else if (body.contains("fault:429")) {
			exchange.respond(429, "{\"error\":{\"message\":\"slow down\"}}");
		}
		else {
			exchange.respond(200, ANSWER);
		}
	}

}
