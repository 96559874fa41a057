package com.intelia.llm.access;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.intelia.llm.access.RedisFailOpen.Operation;
import com.intelia.llm.access.RedisFailOpen.Reason;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import org.jspecify.annotations.Nullable;

/**
 * Budgets in Redis, shared by every replica: Bucket4j's buckets on Lettuce, whose
 * compare-and-swap keeps a budget exact when replicas spend it at the same moment. The
 * Redis keys name a hash of the key's name, never the key (nor the name itself).
 * <p>
 * <b>Fail open.</b> When Redis is not connected, does not answer within
 * {@code LLM_REDIS_TIMEOUT_MS}, or fails, the request is served without its budget: a
 * gateway that refused every request while its limiter is away would turn a Redis outage
 * into a full outage, while a few minutes without per-key limits only costs upstream
 * capacity, which the per-replica in-flight cap still protects. {@link RedisFailOpen}
 * counts, logs and reports it.
 */
final class RedisBudgetStore implements BudgetStore {

	private static final String PREFIX = "intelia-llm:budget:";

	/**
	 * Proxies kept at most: one per budget kind and key name, and key names are the
	 * configured keys, so this is only reached if names come from elsewhere.
	 */
	private static final int MAX_PROXIES = 10_000;

	private final RedisLink link;

	private final RedisFailOpen failOpen;

	private final long requestsPerMinute;

	private final long tokensPerMinute;

	private final @Nullable BucketConfiguration requests;

	private final @Nullable BucketConfiguration tokens;

	private volatile Proxies proxies = new Proxies(null, new ConcurrentHashMap<>());

	RedisBudgetStore(AccessProperties.RateLimit limits, RedisLink link, RedisFailOpen failOpen) {
		this.link = link;
		this.failOpen = failOpen;
		this.requestsPerMinute = limits.requestsPerMinute();
		this.tokensPerMinute = limits.tokensPerMinute();
		this.requests = configuration(this.requestsPerMinute);
		this.tokens = configuration(this.tokensPerMinute);
	}

	@Override
	public <T> T decide(String name, Function<Budget, T> decision, T withoutBudget) {
		RedisLink.Connected redis = usable(Operation.ADMIT);
		if (redis == null) {
			return withoutBudget;
		}
		try {
			T outcome = decision.apply(budget(redis, name));
			this.failOpen.succeeded();
			return outcome;
		}
		catch (RuntimeException ex) {
			this.failOpen.failed(Operation.ADMIT, ex, this.link.connected());
			return withoutBudget;
		}
	}

	@Override
	public void debit(String name, long tokens) {
		if (this.tokens == null || tokens <= 0) {
			return;
		}
		RedisLink.Connected redis = usable(Operation.DEBIT);
		if (redis == null) {
			return;
		}
		BucketConfiguration configuration = this.tokens;
		redis.async()
			.builder()
			.build(key("tokens", this.tokensPerMinute, name), () -> CompletableFuture.completedFuture(configuration))
			.consumeIgnoringRateLimits(tokens)
			.whenComplete((debt, failure) -> {
				if (failure != null) {
					this.failOpen.failed(Operation.DEBIT, failure, this.link.connected());
				}
				else {
					this.failOpen.succeeded();
				}
			});
	}

	/**
	 * The Redis key of one budget: its kind, its limit (so a new limit starts afresh),
	 * the name's hash.
	 */
	static byte[] key(String kind, long perMinute, String name) {
		String digest = HexFormat.of().formatHex(ApiKeyParser.sha256(name));
		return (PREFIX + kind + ":" + perMinute + ":" + digest).getBytes(StandardCharsets.UTF_8);
	}

	private RedisLink.@Nullable Connected usable(Operation operation) {
		RedisLink.Connected redis = this.link.buckets();
		if (redis == null) {
			this.failOpen.servedWithoutBudget(operation, Reason.UNAVAILABLE, null);
			return null;
		}
		if (this.failOpen.backingOff()) {
			this.failOpen.servedWithoutBudget(operation, Reason.BACKOFF, null);
			return null;
		}
		return redis;
	}

	private Budget budget(RedisLink.Connected redis, String name) {
		return new Budget(this.requestsPerMinute, this.tokensPerMinute,
				bucket(redis, "requests", this.requestsPerMinute, this.requests, name),
				bucket(redis, "tokens", this.tokensPerMinute, this.tokens, name));
	}

	/**
	 * The bucket of one budget, one proxy per budget and connection, built with
	 * Bucket4j's batching: concurrent admissions on this replica for the same key share
	 * one compare-and-swap instead of racing each other's. One hot key is the normal case
	 * here (ai-service sends most traffic under its own key), and with a proxy per
	 * request every admission read and swapped on its own: at 32 concurrent callers on
	 * one key, most swaps failed and were retried, and the gateway served a sixth of its
	 * throughput (docs/performance.md).
	 */
	private @Nullable Bucket bucket(RedisLink.Connected redis, String kind, long perMinute,
			@Nullable BucketConfiguration configuration, String name) {
		if (configuration == null) {
			return null;
		}
		Proxies current = this.proxies;
		if (current.redis() != redis) {
			current = new Proxies(redis, new ConcurrentHashMap<>());
			this.proxies = current;
		}
		if (current.buckets().size() >= MAX_PROXIES) {
			current.buckets().clear();
		}
		return current.buckets()
			.computeIfAbsent(kind + ":" + name,
					(ignored) -> redis.sync()
						.builder()
						.withOptimization(Optimizations.batching())
						.build(key(kind, perMinute, name), configuration));
	}

	/** The bucket proxies built on one connection, by budget kind and key name. */
	private record Proxies(RedisLink.@Nullable Connected redis, Map<String, Bucket> buckets) {
	}

	/** The Bucket4j configuration of one budget; null when it is off. */
	static @Nullable BucketConfiguration configuration(long perMinute) {
		Bandwidth limit = Budget.perMinute(perMinute);
		return (limit != null) ? BucketConfiguration.builder().addLimit(limit).build() : null;
	}

}
