package com.intelia.llm.access;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.intelia.llm.exchange.Exchange;
import com.intelia.llm.exchange.ExchangeListener;
import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.OpenAiErrors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as a stranger, a careless client and a noisy neighbour see it, over real
 * HTTP with keys and a budget of 5 requests per minute per key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "llm.simulator.ttft-ms=0", "llm.simulator.itl-ms=0",
				"llm.access.api-keys=flood:sk-flood-0001,neighbour:sk-neighbour-0002,probe:sk-probe-0003,"
						+ "tokens:sk-tokens-0004",
				"llm.access.rate-limit.requests-per-minute=5", "llm.access.rate-limit.tokens-per-minute=100000",
				"llm.access.open-docs=false" })
class ApiKeyAccessTest {

	@LocalServerPort
	int port;

	GatewayClient client;

	@BeforeEach
	void client() {
		this.client = new GatewayClient(this.port);
	}

	@Autowired
	Exchanges exchanges;

	@Test
	void a_call_without_a_key_gets_401_in_the_openai_shape() {
		HttpResponse<String> response = this.client.post("/v1/chat/completions", Chat.body("Hi", 3, false));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer"));
		JsonNode error = OpenAiErrors.assertEnvelope(response);
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(error.get("code").asString()).isEqualTo("invalid_api_key");
		assertThat(error.get("param").isNull()).isTrue();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(textBlock = """
			Authorization, Bearer sk-guess-9999
			X-Api-Key,     sk-guess-9999
			Authorization, Basic sk-probe-0003
			Authorization, 'Bearer '
			""")
	void a_wrong_key_gets_401_and_is_never_echoed(String header, String value) {
		HttpResponse<String> response = this.client.post("/v1/chat/completions", Chat.body("Hi", 3, false), header,
				value);

		assertThat(response.statusCode()).as(value).isEqualTo(401);
		assertThat(OpenAiErrors.assertEnvelope(response).get("code").asString()).isEqualTo("invalid_api_key");
		assertThat(response.body()).doesNotContain("sk-guess", "sk-probe");
	}

	/**
	 * Every API path needs a key, and so do the docs, closed by configuration here;
	 * health stays open.
	 */
	@ParameterizedTest(name = "{0} without a key -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/v1/models               | 401
			/v1/unknown              | 401
			/health/../v1/models     | 401
			/health;x=1/../v1/models | 400 401
			/docs                    | 401
			/openapi.json            | 401
			/v3/api-docs             | 401
			/health                  | 200
			/health/readiness        | 200
			""")
	void without_a_key_api_paths_and_closed_docs_are_refused_and_health_stays_open(String path, String statuses) {
		Integer[] allowed = Stream.of(statuses.split(" ")).map(Integer::valueOf).toArray(Integer[]::new);

		assertThat(this.client.get(path).statusCode()).isIn((Object[]) allowed);
	}

	@Test
	void a_key_opens_the_api_and_metrics_stay_open_without_one() {
		assertThat(this.client.get("/v1/models", "X-Api-Key", "sk-probe-0003").statusCode()).isEqualTo(200);
		assertThat(this.client.get("/metrics").statusCode()).isNotEqualTo(401);
	}

	@Test
	void a_good_key_is_served_with_rate_limit_headers_and_named_on_the_exchange() {
		HttpResponse<String> bearer = this.client.post("/v1/chat/completions", Chat.body("Hi", 3, false),
				"Authorization", "Bearer sk-probe-0003");
		HttpResponse<String> header = this.client.post("/v1/chat/completions", Chat.body("Hi", 3, true), "X-Api-Key",
				"sk-probe-0003");

		assertThat(bearer.statusCode()).isEqualTo(200);
		assertThat(header.statusCode()).isEqualTo(200);
		assertThat(header.body()).contains("data: [DONE]");
		assertThat(bearer.headers().firstValue("x-ratelimit-limit-requests")).hasValue("5");
		assertThat(header.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("3");
		assertThat(header.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
		assertThat(header.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("100000");
		String requestId = header.headers().firstValue("X-Request-Id").orElseThrow();
		assertThat(this.exchanges.find(requestId).caller()).isEqualTo("probe");
	}

	@Test
	void key_names_never_keys_label_the_request_counter() {
		this.client.post("/v1/chat/completions", Chat.body("Hi", 2, false), "X-Api-Key", "sk-neighbour-0002");
		String metrics = this.client.get("/metrics").body();
		assertThat(metrics).containsPattern("llm_requests_total\\{[^}]*key=\"neighbour\"");
		assertThat(metrics).doesNotContain("sk-neighbour-0002").doesNotContain("sk-flood-0001");
	}

	@Test
	void tokens_are_debited_from_the_usage_of_the_answer() {
		HttpResponse<String> first = this.client.post("/v1/chat/completions", Chat.body("Hi", 4, false), "X-Api-Key",
				"sk-tokens-0004");
		int used = GatewayClient.JSON.readTree(first.body()).get("usage").get("total_tokens").asInt();
		HttpResponse<String> second = this.client.post("/v1/chat/completions", Chat.body("Hi", 4, false), "X-Api-Key",
				"sk-tokens-0004");

		assertThat(used).isPositive();
		assertThat(first.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("100000");
		long remaining = Long.parseLong(second.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
		// The budget refills continuously (100000 a minute), so a little comes back
		// meanwhile.
		assertThat(remaining).isBetween(100000L - used, 100000L - used + 100);
	}

	@Test
	void a_flood_from_one_key_is_refused_while_another_key_is_still_served() {
		int served = 0;
		HttpResponse<String> refused = null;
		for (int i = 0; i < 12; i++) {
			HttpResponse<String> response = this.client.post("/v1/chat/completions", Chat.body("Hi", 2, false),
					"X-Api-Key", "sk-flood-0001");
			if (response.statusCode() == 200) {
				served++;
			}
			else {
				refused = response;
			}
		}
		HttpResponse<String> neighbour = this.client.post("/v1/chat/completions", Chat.body("Hi", 2, false),
				"X-Api-Key", "sk-neighbour-0002");

		System.out.printf("flood: 12 sent, %d served, %d refused; neighbour %d%n", served, 12 - served,
				neighbour.statusCode());
		assertThat(served).isEqualTo(5);
		assertThat(refused.statusCode()).isEqualTo(429);
		JsonNode error = OpenAiErrors.assertEnvelope(refused);
		assertThat(error.get("type").asString()).isEqualTo("rate_limit_error");
		assertThat(error.get("code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(refused.headers().firstValue("Retry-After"))
			.hasValueSatisfying((value) -> assertThat(Integer.parseInt(value)).isBetween(1, 12));
		assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
		assertThat(neighbour.statusCode()).isEqualTo(200);
		String requestId = refused.headers().firstValue("X-Request-Id").orElseThrow();
		assertThat(this.exchanges.find(requestId).status()).isEqualTo(429);
	}

	@TestConfiguration
	static class Listener {

		@Bean
		Exchanges exchanges() {
			return new Exchanges();
		}

	}

	/** Captures what the exchange listeners are told. */
	static class Exchanges implements ExchangeListener {

		private final List<Exchange> seen = new CopyOnWriteArrayList<>();

		@Override
		public void onExchange(Exchange exchange) {
			this.seen.add(exchange);
		}

		Exchange find(String requestId) {
			return this.seen.stream().filter((e) -> e.requestId().equals(requestId)).findFirst().orElseThrow();
		}

	}

}
