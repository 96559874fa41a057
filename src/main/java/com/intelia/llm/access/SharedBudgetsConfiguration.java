package com.intelia.llm.access;

import java.time.Duration;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Per-key budgets in Redis, when {@code REDIS_URL} is set and a budget is on
 * ({@link SharedBudgetsCondition}). {@link CallerBudgets} then uses the
 * {@link RedisBudgetStore}; otherwise it keeps its budgets in memory.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SharedBudgetsCondition.class)
@EnableConfigurationProperties(RedisBudgetProperties.class)
class SharedBudgetsConfiguration {

	/**
	 * The connection, closed with the context.
	 * @param clock a {@link TimeMeter} bean, if any, replaces the system clock of the
	 * buckets (tests freeze time with it); production has none
	 */
	@Bean(destroyMethod = "close")
	RedisLink redisLink(RedisBudgetProperties properties, ObjectProvider<TimeMeter> clock) {
		return new RedisLink(properties.url(), Duration.ofMillis(properties.timeoutMs()), clock.getIfAvailable());
	}

	@Bean
	RedisFailOpen redisFailOpen(MeterRegistry registry) {
		return new RedisFailOpen(registry);
	}

	@Bean
	RedisBudgetStore redisBudgetStore(AccessProperties access, RedisLink link, RedisFailOpen failOpen) {
		return new RedisBudgetStore(access.rateLimit(), link, failOpen);
	}

	@Bean
	SharedBudgetsHealthIndicator sharedBudgetsHealthIndicator(RedisLink link, RedisFailOpen failOpen,
			RedisBudgetProperties properties) {
		return new SharedBudgetsHealthIndicator(link, failOpen, properties);
	}

}
