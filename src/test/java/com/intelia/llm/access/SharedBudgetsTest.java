package com.intelia.llm.access;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.OpenAiErrors;
import com.intelia.llm.support.RedisServer;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.intelia.llm.access.SharedGateway.REQUESTS_PER_MINUTE;
import static com.intelia.llm.access.SharedGateway.TOKENS_PER_MINUTE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway replicas share one real Redis (with a password) for their per-key budgets
 * of 20 requests and 1,000 tokens a minute. The buckets' clock is frozen, so no budget
 * refills while a test runs however slow the machine is: every count is exact.
 */
class SharedBudgetsTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final FrozenClock CLOCK = new FrozenClock();

	private static RedisServer redis;

	private static SharedGateway first;

	private static SharedGateway second;

	private double failOpenBefore;

	@BeforeAll
	static void start() {
		redis = RedisServer.start("test-only-redis-password");
		first = SharedGateway.start(redis.url(), CLOCK);
		second = SharedGateway.start(redis.url(), CLOCK);
	}

	@AfterAll
	static void stop() {
		first.close();
		second.close();
		redis.close();
	}

	@BeforeEach
	void bothReplicasLimitingThroughAnEmptyRedis() {
		for (SharedGateway gateway : List.of(first, second)) {
			await().atMost(PATIENCE)
				.until(() -> gateway.chat("sk-probe", "hi")
					.headers()
					.firstValue("x-ratelimit-limit-requests")
					.isPresent());
		}
		redis.flushAll();
		this.failOpenBefore = first.admittedWithoutBudget() + second.admittedWithoutBudget();
	}

	@AfterEach
	void redisRunning() {
		redis.resume();
		redis.ensureRunning();
	}

	@Test
	void forty_requests_alternating_between_replicas_get_exactly_twenty_answers_and_twenty_refusals() {
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			responses.add(replica(i).chat("sk-team-a", "hi"));
		}

		for (int i = 0; i < 20; i++) {
			HttpResponse<String> answer = responses.get(i);
			assertThat(answer.statusCode()).as("request %d", i).isEqualTo(200);
			assertThat(header(answer, "x-ratelimit-limit-requests")).isEqualTo("20");
			assertThat(header(answer, "x-ratelimit-remaining-requests")).isEqualTo(Integer.toString(19 - i));
			// Frozen clock: each request taken is 3 s (60 s / 20) from a full budget.
			assertThat(header(answer, "x-ratelimit-reset-requests"))
				.isEqualTo(RateLimitHeaders.duration((i + 1) * 3_000_000_000L));
		}
		for (HttpResponse<String> refusal : responses.subList(20, 40)) {
			assertThat(refusal.statusCode()).isEqualTo(429);
			assertThat(OpenAiErrors.assertEnvelope(refusal).get("code").asString()).isEqualTo("rate_limit_exceeded");
			assertThat(header(refusal, "x-ratelimit-limit-requests")).isEqualTo("20");
			assertThat(header(refusal, "x-ratelimit-remaining-requests")).isEqualTo("0");
			assertThat(header(refusal, "x-ratelimit-reset-requests")).isEqualTo("1m0s");
			assertThat(header(refusal, "Retry-After")).isEqualTo("3");
			assertThat(header(refusal, "x-ratelimit-limit-tokens")).isEqualTo("1000");
		}
	}

	@Test
	void forty_simultaneous_requests_on_both_replicas_still_get_exactly_twenty_answers() throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<HttpResponse<String>>> responses = new ArrayList<>();
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 40; i++) {
				SharedGateway replica = replica(i);
				responses.add(clients.submit(() -> {
					start.await();
					return replica.chat("sk-team-f", "hi");
				}));
			}
			start.countDown();
		}

		List<Integer> statuses = new ArrayList<>();
		for (Future<HttpResponse<String>> response : responses) {
			statuses.add(response.get().statusCode());
		}
		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(20);
		assertThat(statuses).filteredOn((status) -> status == 429).hasSize(20);
		assertThat(first.admittedWithoutBudget() + second.admittedWithoutBudget()).isEqualTo(this.failOpenBefore);
	}

	@Test
	void tokens_spent_on_one_replica_are_missing_on_the_other() {
		String question = "word ".repeat(320);
		long spent = 0;
		int answered = 0;
		HttpResponse<String> refusal = null;
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> response = replica(i).chat("sk-team-b", question);
			if (response.statusCode() == 429) {
				refusal = response;
				break;
			}
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "x-ratelimit-remaining-tokens"))
				.isEqualTo(Long.toString(TOKENS_PER_MINUTE - spent));
			spent += usage(response);
			answered++;
			awaitTokensLeft("team-b", TOKENS_PER_MINUTE - spent);
		}

		assertThat(refusal).as("a refusal once the budget ran out").isNotNull();
		assertThat(answered).as("answers before the budget ran out").isEqualTo(3);
		assertThat(spent).isGreaterThan(TOKENS_PER_MINUTE);
		assertThat(OpenAiErrors.assertEnvelope(refusal).get("message").asString()).contains("tokens per minute",
				"team-b");
		assertThat(header(refusal, "x-ratelimit-remaining-tokens")).isEqualTo("0");
		long debt = spent - TOKENS_PER_MINUTE;
		long perTokenNanos = 60_000_000_000L / TOKENS_PER_MINUTE;
		assertThat(header(refusal, "Retry-After"))
			.isEqualTo(RateLimitHeaders.retryAfterSeconds((1 + debt) * perTokenNanos));
		assertThat(header(refusal, "x-ratelimit-reset-tokens"))
			.isEqualTo(RateLimitHeaders.duration((TOKENS_PER_MINUTE + debt) * perTokenNanos));
	}

	@Test
	void redis_keys_name_a_hash_of_the_key_name_never_the_key_or_the_name() {
		HttpResponse<String> answer = first.chat("sk-team-e", "hi");
		awaitTokensLeft("team-e", TOKENS_PER_MINUTE - usage(answer));

		List<String> keys = redis.keys();

		assertThat(keys).contains(new String(RedisBudgetStore.key("requests", REQUESTS_PER_MINUTE, "team-e"), UTF_8),
				new String(RedisBudgetStore.key("tokens", TOKENS_PER_MINUTE, "team-e"), UTF_8));
		assertThat(keys)
			.allSatisfy((key) -> assertThat(key).matches("intelia-llm:budget:(requests|tokens):\\d+:[0-9a-f]{64}")
				.doesNotContain("team-e", "sk-team-e", "probe"));
	}

	@Test
	void with_redis_stopped_requests_are_served_counted_and_reported_then_limits_resume_on_their_own() {
		assertThat(first.chat("sk-team-c", "hi").statusCode()).isEqualTo(200);
		double before = first.admittedWithoutBudget() + second.admittedWithoutBudget();

		redis.stop();
		List<HttpResponse<String>> whileDown = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			whileDown.add(replica(i).chat("sk-team-c", "hi"));
		}

		assertThat(whileDown).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
		});
		assertThat(first.admittedWithoutBudget() + second.admittedWithoutBudget() - before).isEqualTo(30);
		for (SharedGateway gateway : List.of(first, second)) {
			HttpResponse<String> health = gateway.get("/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(GatewayClient.JSON.readTree(health.body()).path("status").asString()).isEqualTo("DEGRADED");
			JsonNode budgets = gateway.sharedBudgets();
			assertThat(budgets.path("status").asString()).isEqualTo("DEGRADED");
			assertThat(budgets.path("details").path("limiting").asBoolean()).isFalse();
			assertThat(budgets.path("details").path("servedWithoutBudget").asLong()).isPositive();
			assertThat(budgets.path("details").path("lastFailure").asString()).isNotEmpty();
			assertThat(gateway.get("/health/readiness").statusCode()).isEqualTo(200);
			assertThat(gateway.get("/health/liveness").statusCode()).isEqualTo(200);
		}

		redis.restart();

		// The restarted Redis is empty: the first request each replica sends through it
		// starts a new budget of 20.
		assertThat(firstSharedAnswer(first)).isEqualTo(19);
		assertThat(firstSharedAnswer(second)).isEqualTo(18);
		for (int i = 0; i < 18; i++) {
			assertThat(replica(i).chat("sk-team-c", "hi").statusCode()).isEqualTo(200);
		}
		assertThat(first.chat("sk-team-c", "hi").statusCode()).isEqualTo(429);
		assertThat(second.chat("sk-team-c", "hi").statusCode()).isEqualTo(429);
		for (SharedGateway gateway : List.of(first, second)) {
			assertThat(gateway.sharedBudgets().path("status").asString()).isEqualTo("UP");
			assertThat(GatewayClient.JSON.readTree(gateway.get("/health").body()).path("status").asString())
				.isEqualTo("UP");
		}
	}

	@Test
	void a_redis_that_hangs_costs_a_request_at_most_the_timeout_then_limits_resume() {
		assertThat(first.chat("sk-team-d", "hi").statusCode()).isEqualTo(200);
		double timeoutsBefore = first.admittedWithoutBudget("timeout");

		redis.pause();
		long start = System.nanoTime();
		HttpResponse<String> served = first.chat("sk-team-d", "hi");
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
		// The timeout is 2 s here, generous for a loaded machine; without it Lettuce
		// would
		// wait 60 s. The margin is for a loaded machine too.
		assertThat(took).isLessThan(Duration.ofMillis(SharedGateway.REDIS_TIMEOUT_MS).plusSeconds(5));
		assertThat(first.admittedWithoutBudget("timeout") - timeoutsBefore).isEqualTo(1);
		assertThat(first.sharedBudgets().path("details").path("lastFailure").asString()).startsWith("timeout");

		redis.resume();

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(
					first.chat("sk-team-d", "hi").headers().firstValue("x-ratelimit-remaining-requests"))
				.isPresent());
		assertThat(first.sharedBudgets().path("status").asString()).isEqualTo("UP");
	}

	/**
	 * Sends requests from one replica until one goes through Redis again.
	 * @return the requests it reports left
	 */
	private static long firstSharedAnswer(SharedGateway gateway) {
		List<String> remaining = new ArrayList<>();
		await().atMost(PATIENCE).until(() -> {
			HttpResponse<String> response = gateway.chat("sk-team-c", "hi");
			assertThat(response.statusCode()).isEqualTo(200);
			response.headers().firstValue("x-ratelimit-remaining-requests").ifPresent(remaining::add);
			return !remaining.isEmpty();
		});
		return Long.parseLong(remaining.get(0));
	}

	/**
	 * Waits until a key's token bucket in Redis shows an answer's debit (it is sent in
	 * the background).
	 */
	private static void awaitTokensLeft(String name, long expected) {
		RedisClient client = RedisClient.create(redis.url());
		try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
			var buckets = Bucket4jLettuce.casBasedBuilder(connection).clientClock(CLOCK).build();
			var bucket = buckets.builder()
				.build(RedisBudgetStore.key("tokens", TOKENS_PER_MINUTE, name),
						RedisBudgetStore.configuration(TOKENS_PER_MINUTE));
			await().atMost(PATIENCE).until(() -> bucket.getAvailableTokens() == expected);
		}
		finally {
			client.shutdown();
		}
	}

	private static long usage(HttpResponse<String> answer) {
		return GatewayClient.JSON.readTree(answer.body()).path("usage").path("total_tokens").asLong();
	}

	private static SharedGateway replica(int i) {
		return (i % 2 == 0) ? first : second;
	}

	private static String header(HttpResponse<String> response, String name) {
		return response.headers().firstValue(name).orElse("(none)");
	}

	/** A wall clock that stands still, so budgets never refill during a test. */
	static final class FrozenClock implements TimeMeter {

		private final AtomicLong nanos = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

		@Override
		public long currentTimeNanos() {
			return this.nanos.get();
		}

		@Override
		public boolean isWallClockBased() {
			return true;
		}

	}

}
