package com.intelia.llm.transport;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import com.intelia.llm.support.ConcurrentClass;
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
 * An upstream that stops answering: the caller gets a 504 or a final error event, and the
 * transport closes the upstream connection when the chat service gives up.
 */
// Beside the sequential classes: it mostly waits for timeouts, on a context and an
// upstream of its own.
@ConcurrentClass
// It starts a Spring Boot application, which sets logging up.
@ResourceLock(value = LoggingLock.KEY, mode = ResourceAccessMode.READ)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=vllm", "llm.vllm.model=fake-model",
				"llm.models-file=classpath:transport/models.yml", "llm.timeouts.total-seconds=2",
				"llm.timeouts.first-token-seconds=1", "llm.timeouts.idle-seconds=1" })
class UpstreamTimeoutTest {

	static final FakeUpstream upstream = FakeUpstream.start();

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

	@Test
	void a_hanging_upstream_gives_504_and_its_connection_is_closed() throws Exception {
		upstream.script((exchange) -> exchange.hang(10));

		HttpResponse<String> response = new Gateway(this.port)
			.post("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(Gateway.json(response.body()).get("error").get("code").asString()).isEqualTo("upstream_timeout");
		assertClosedSoon(upstream.exchanges().get(0));
	}

	@Test
	void no_first_token_in_time_gives_504() throws Exception {
		upstream.script((exchange) -> {
			exchange.startStream();
			exchange.hang(10);
		});

		HttpResponse<String> response = new Gateway(this.port).post(Chunks.streamRequest("hi"));

		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(Gateway.json(response.body()).get("error").get("message").asString())
			.contains("LLM_FIRST_TOKEN_TIMEOUT_SECONDS");
		assertClosedSoon(upstream.exchanges().get(0));
	}

	@Test
	void a_stream_that_goes_silent_ends_with_an_error_event() throws Exception {
		upstream.script((exchange) -> {
			exchange.startStream();
			exchange.event(Chunks.role());
			exchange.event(Chunks.text("Bon"));
			exchange.hang(10);
		});

		Streamed streamed = new Gateway(this.port).stream(Chunks.streamRequest("hi"));

		assertThat(streamed.status()).isEqualTo(200);
		assertThat(streamed.text()).isEqualTo("Bon");
		assertThat(streamed.doneCount()).isZero();
		String last = streamed.data().get(streamed.data().size() - 1);
		assertThat(Gateway.json(last).get("error").get("message").asString()).contains("LLM_IDLE_TIMEOUT_SECONDS");
		assertClosedSoon(upstream.exchanges().get(0));
	}

	private static void assertClosedSoon(Exchange exchange) throws InterruptedException {
		assertThat(exchange.awaitClosedByPeer(2, TimeUnit.SECONDS)).as("upstream connection closed").isPositive();
	}

}
