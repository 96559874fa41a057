package com.intelia.llm.access;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when budgets are to be shared through Redis: {@code REDIS_URL} is set and at
 * least one per-key budget is on. Without a budget there is nothing to share, and the
 * service does not connect to Redis at all.
 */
class SharedBudgetsCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		String url = binder.bind("llm.redis.url", String.class).orElse("");
		long requests = binder.bind("llm.access.rate-limit.requests-per-minute", Long.class).orElse(0L);
		long tokens = binder.bind("llm.access.rate-limit.tokens-per-minute", Long.class).orElse(0L);
		if (url.isBlank()) {
			return ConditionOutcome.noMatch("REDIS_URL is not set: budgets stay in memory");
		}
		if (requests <= 0 && tokens <= 0) {
			return ConditionOutcome.noMatch("REDIS_URL is set but no per-key budget is on");
		}
		return ConditionOutcome.match("REDIS_URL is set and per-key budgets are on");
	}

}
