package com.intelia.llm.access;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** When the budgets go to Redis, and what a wrong {@code REDIS_URL} says. */
class SharedBudgetsConfigurationTest {

	// Nothing listens on port 1: the link only ever tries in the background.
	private static final String UNREACHABLE = "redis://:s3cret@127.0.0.1:1";

	private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Basics.class,
			SharedBudgetsConfiguration.class);

	@Test
	void budgets_stay_in_memory_without_redis_url() {
		this.context.withPropertyValues("llm.access.rate-limit.requests-per-minute=5")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RedisBudgetStore.class)
				.doesNotHaveBean(SharedBudgetsHealthIndicator.class));
	}

	@Test
	void redis_is_not_used_while_no_budget_is_on() {
		this.context.withPropertyValues("llm.redis.url=" + UNREACHABLE)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RedisBudgetStore.class)
				.doesNotHaveBean(RedisLink.class));
	}

	@Test
	void budgets_go_to_redis_when_it_is_set_and_a_budget_is_on_even_if_redis_is_away() {
		this.context.withPropertyValues("llm.redis.url=" + UNREACHABLE, "llm.access.rate-limit.tokens-per-minute=100")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(RedisBudgetStore.class)
					.hasSingleBean(SharedBudgetsHealthIndicator.class);
				assertThat(context.getBean(SharedBudgetsHealthIndicator.class).health().getStatus())
					.isEqualTo(SharedBudgetsHealthIndicator.DEGRADED);
			});
	}

	@Test
	void a_url_that_is_not_redis_stops_start_up_without_showing_it() {
		this.context
			.withPropertyValues("llm.redis.url=https://:s3cret@cache:6379",
					"llm.access.rate-limit.requests-per-minute=5")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageStartingWith("REDIS_URL is not a Redis URL")
					.hasMessageNotContaining("s3cret");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AccessProperties.class)
	static class Basics {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
