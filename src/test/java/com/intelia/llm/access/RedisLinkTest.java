package com.intelia.llm.access;

import java.time.Duration;

import com.intelia.llm.support.RedisServer;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class RedisLinkTest {

	@Test
	void takes_redis_and_rediss_urls_with_a_password_and_a_database() {
		RedisURI plain = RedisLink.parse("redis://:s3cret@redis.internal:6380/2");
		RedisURI tls = RedisLink.parse("rediss://default:s3cret@cache.example.com");

		assertThat(plain.getHost()).isEqualTo("redis.internal");
		assertThat(plain.getPort()).isEqualTo(6380);
		assertThat(plain.getDatabase()).isEqualTo(2);
		assertThat(new String(plain.getPassword())).isEqualTo("s3cret");
		assertThat(plain.isSsl()).isFalse();
		assertThat(tls.isSsl()).isTrue();
		assertThat(tls.getPort()).isEqualTo(6379);
	}

	@Test
	void refuses_anything_else_without_repeating_the_url() {
		for (String url : new String[] { "http://:s3cret@redis:6379", "s3cret", "redis-sentinel://:s3cret@h:26379",
				"redis://:s3cret@[bad" }) {
			assertThatIllegalStateException().isThrownBy(() -> RedisLink.parse(url))
				.withMessageStartingWith("REDIS_URL is not a Redis URL")
				.withMessageNotContaining("s3cret");
		}
	}

	@Test
	void properties_never_show_the_url() {
		assertThat(new RedisBudgetProperties("redis://:s3cret@redis:6379", 100)).asString()
			.doesNotContain("s3cret")
			.contains("timeoutMs=100");
	}

	@Test
	void a_link_made_while_redis_is_away_answers_at_once_and_connects_when_redis_comes() {
		try (RedisServer redis = RedisServer.start()) {
			redis.stop();
			try (RedisLink link = new RedisLink(redis.url(), Duration.ofMillis(100), null)) {
				assertThat(link.buckets()).isNull();

				redis.restart();

				await().atMost(Duration.ofSeconds(30)).until(link::connected);
				assertThat(link.buckets()).isNotNull();
			}
		}
	}

}
