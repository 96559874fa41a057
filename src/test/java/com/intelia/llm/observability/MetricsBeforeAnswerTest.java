package com.intelia.llm.observability;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.intelia.llm.exchange.Exchange;
import com.intelia.llm.exchange.ExchangeListener;
import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.GatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request is counted before its caller has the whole answer: a scrape that follows a
 * finished request sees it, blocking or streamed. A deliberately slow listener runs
 * first, so a record published after the last byte would lose the race every time.
 */
@GatewayTest
@Import(MetricsBeforeAnswerTest.SlowListenerConfiguration.class)
class MetricsBeforeAnswerTest {

	@LocalServerPort
	int port;

	GatewayClient http;

	@BeforeEach
	void client() {
		this.http = new GatewayClient(this.port);
	}

	@Test
	void a_scrape_right_after_a_blocking_answer_counts_it() throws Exception {
		Exposition before = Exposition.scrape(this.http);
		HttpResponse<String> answer = this.http.post("/v1/chat/completions", chat(false));
		Exposition after = Exposition.scrape(this.http);

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(count(after) - count(before)).isEqualTo(1);
	}

	/**
	 * Clients stop reading at {@code [DONE]}; the scrape is made at that moment, with the
	 * stream's connection still open.
	 */
	@Test
	void a_scrape_made_on_reading_done_counts_the_stream() throws Exception {
		Exposition before = Exposition.scrape(this.http);
		HttpResponse<Stream<String>> answer = this.http.send(this.http.postRequest("/v1/chat/completions", chat(true)),
				HttpResponse.BodyHandlers.ofLines());
		Exposition atDone;
		try (Stream<String> lines = answer.body()) {
			assertThat(lines.anyMatch("data: [DONE]"::equals)).isTrue();
			atDone = Exposition.scrape(this.http);
		}

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(count(atDone) - count(before)).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "no-such-model", "" })
	void a_refused_request_is_counted_before_its_error_arrives(String model) throws Exception {
		Exposition before = Exposition.scrape(this.http);
		HttpResponse<String> answer = this.http.post("/v1/chat/completions", """
				{"model":"%s","messages":[{"role":"user","content":"hi"}]}""".formatted(model));
		Exposition after = Exposition.scrape(this.http);

		assertThat(answer.statusCode()).isBetween(400, 404);
		String[] series = { "model", "unknown", "provider", "unknown", "status", Integer.toString(answer.statusCode()),
				"key", "none" };
		assertThat(after.value("llm_requests_total", series) - before.value("llm_requests_total", series)).isEqualTo(1);
	}

	private static String chat(boolean stream) {
		return """
				{"model":"intelia-llama-3.1-8b-aviculture","stream":%s,"messages":[{"role":"user","content":"hi"}]}"""
			.formatted(stream);
	}

	private static double count(Exposition exposition) {
		return exposition.value("llm_requests_total", "model", "intelia-llama-3.1-8b-aviculture", "provider",
				"simulator", "status", "200", "key", "none");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SlowListenerConfiguration {

		/**
		 * Fault injection, not a wait: a listener that takes 300 ms and runs before the
		 * metrics, as a slow log appender might.
		 */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		ExchangeListener slowListener() {
			return (Exchange exchange) -> LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
		}

	}

}
