package com.intelia.llm.resilience;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import com.intelia.llm.model.Canary;
import com.intelia.llm.model.ModelAlias;
import com.intelia.llm.model.ModelCatalog;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Chooses where a request goes first, and where it goes when that fails.
 * <ul>
 * <li>First: the alias's own upstream and model, except for a canary share. An alias's
 * own {@code canary} serves its share as another alias would (a fine-tune beside its
 * base); otherwise {@code LLM_CANARY_PERCENT} of the traffic of aliases that name no
 * upstream goes to {@code LLM_CANARY_PROVIDER}.</li>
 * <li>Then: the alias's own {@code fallback} alias, else {@code LLM_FALLBACK_PROVIDER},
 * never the route that just failed.</li>
 * </ul>
 * The canary draw is a hash of the request's {@code user}, so a user stays on one side,
 * on every replica; requests without {@code user} are drawn at random.
 */
@Component
public class UpstreamRouter {

	private static final Logger log = LoggerFactory.getLogger(UpstreamRouter.class);

	private final ProviderRegistry providers;

	private final ModelCatalog catalog;

	private final @Nullable String canary;

	private final int percent;

	private final @Nullable String fallback;

	private final @Nullable Random seeded;

	UpstreamRouter(ProviderRegistry providers, ModelCatalog catalog, ResilienceProperties properties) {
		this.providers = providers;
		this.catalog = catalog;
		this.canary = properties.canaryProvider();
		this.percent = (this.canary != null) ? properties.canaryPercent() : 0;
		this.fallback = properties.fallbackProvider();
		this.seeded = (properties.canarySeed() != null) ? new Random(properties.canarySeed()) : null;
		if (this.canary != null) {
			providers.get(this.canary);
			log.info("Canary: {}% of traffic goes to provider {}", this.percent, this.canary);
		}
		if (this.fallback != null) {
			providers.get(this.fallback);
		}
		catalog.all()
			.stream()
			.filter((alias) -> alias.canary() != null && alias.canary().percent() > 0)
			.forEach((alias) -> log.info("Canary: {}% of {} is served as {}", alias.canary().percent(), alias.id(),
					alias.canary().alias()));
	}

	/** Where this alias's request goes first, for this caller. */
	public Route primary(ModelAlias alias, @Nullable String user) {
		Canary own = alias.canary();
		if (own != null && own.percent() > 0) {
			return (bucket(user) < own.percent()) ? route(this.catalog.find(own.alias())) : route(alias);
		}
		LlmProvider active = this.providers.active();
		if (alias.upstream() != null || this.canary == null || this.percent == 0 || this.canary.equals(active.id())) {
			return route(alias);
		}
		if (bucket(user) < this.percent) {
			LlmProvider canaryProvider = this.providers.get(this.canary);
			return new Route(canaryProvider, canaryProvider.defaultUpstreamModel());
		}
		return route(alias);
	}

	/**
	 * Where a request goes when its first route failed retryably or its circuit is open:
	 * the alias's own fallback, else {@code LLM_FALLBACK_PROVIDER}; null when there is
	 * none other than the route that failed.
	 */
	public @Nullable Route fallback(ModelAlias alias, Route primary) {
		if (alias.fallback() != null) {
			Route own = route(this.catalog.find(alias.fallback()));
			return same(own, primary) ? null : own;
		}
		if (this.fallback == null || this.fallback.equals(primary.provider().id())) {
			return null;
		}
		LlmProvider provider = this.providers.get(this.fallback);
		return new Route(provider, provider.defaultUpstreamModel());
	}

	/** A number in [0, 100): stable for a user, drawn at random otherwise. */
	int bucket(@Nullable String user) {
		if (user != null && !user.isEmpty()) {
			int mixed = user.hashCode() * 0x9E3779B1;
			return Math.floorMod(mixed ^ (mixed >>> 16), 100);
		}
		return (this.seeded != null) ? this.seeded.nextInt(100) : ThreadLocalRandom.current().nextInt(100);
	}

	private Route route(ModelAlias alias) {
		return new Route(this.catalog.upstream(alias), this.catalog.upstreamModel(alias));
	}

	private static boolean same(Route one, Route other) {
		return one.provider() == other.provider() && one.upstreamModel().equals(other.upstreamModel());
	}

}
