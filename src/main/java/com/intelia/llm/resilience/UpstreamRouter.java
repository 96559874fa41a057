package com.intelia.llm.resilience;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import com.intelia.llm.model.ModelAlias;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Chooses the provider a request goes to first. An alias bound to a provider always goes
 * there; otherwise the active provider serves it, except for the canary share
 * ({@code LLM_CANARY_PERCENT}) that goes to {@code LLM_CANARY_PROVIDER}. The draw is
 * sticky per {@code user} when the caller sends one, so one user sees one phase.
 */
@Component
public class UpstreamRouter {

	private static final Logger log = LoggerFactory.getLogger(UpstreamRouter.class);

	private final ProviderRegistry providers;

	private final @Nullable String canary;

	private final int percent;

	private final @Nullable Random seeded;

	UpstreamRouter(ProviderRegistry providers, ResilienceProperties properties) {
		this.providers = providers;
		this.canary = properties.canaryProvider();
		this.percent = (this.canary != null) ? properties.canaryPercent() : 0;
		this.seeded = (properties.canarySeed() != null) ? new Random(properties.canarySeed()) : null;
		if (this.canary != null) {
			providers.get(this.canary);
			log.info("Canary: {}% of traffic goes to provider {}", this.percent, this.canary);
		}
	}

	/** The provider to try first for this alias and caller. */
	public LlmProvider primary(ModelAlias alias, @Nullable String user) {
		if (alias.provider() != null) {
			return this.providers.get(alias.provider());
		}
		LlmProvider active = this.providers.active();
		if (this.canary == null || this.percent == 0 || this.canary.equals(active.id())) {
			return active;
		}
		return (bucket(user) < this.percent) ? this.providers.get(this.canary) : active;
	}

	/** A number in [0, 100): stable for a user, drawn at random otherwise. */
	int bucket(@Nullable String user) {
		if (user != null && !user.isEmpty()) {
			int mixed = user.hashCode() * 0x9E3779B1;
			return Math.floorMod(mixed ^ (mixed >>> 16), 100);
		}
		return (this.seeded != null) ? this.seeded.nextInt(100) : ThreadLocalRandom.current().nextInt(100);
	}

}
