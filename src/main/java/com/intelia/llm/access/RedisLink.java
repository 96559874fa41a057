package com.intelia.llm.access;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to Redis and Bucket4j's buckets on it. Nothing here ever makes a request
 * wait for a connection: while there is none, {@link #buckets()} answers null at once and
 * the caller fails open. A first connection that fails is retried every second in the
 * background; once connected, Lettuce reconnects by itself, and commands sent while it is
 * disconnected are refused at once instead of queued.
 */
final class RedisLink implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

	private static final Set<String> SCHEMES = Set.of(RedisURI.URI_SCHEME_REDIS, RedisURI.URI_SCHEME_REDIS_SECURE);

	/** How long a connection attempt may take; attempts run in the background. */
	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration FIRST_CONNECT_RETRY = Duration.ofSeconds(1);

	/**
	 * A bucket that nobody touches expires once it would be full again, plus this; a full
	 * bucket and a missing key mean the same.
	 */
	private static final Duration KEEP_AFTER_REFILL = Duration.ofMinutes(1);

	private final RedisURI uri;

	private final Duration timeout;

	private final @Nullable TimeMeter clock;

	private final ClientResources resources;

	private final RedisClient client;

	private final AtomicReference<@Nullable Connected> link = new AtomicReference<>();

	private final AtomicBoolean firstFailureLogged = new AtomicBoolean();

	private volatile boolean closed;

	/**
	 * @param url {@code REDIS_URL}
	 * @param timeout the bound on each Redis call
	 * @param clock the buckets' clock; null for the system clock
	 */
	RedisLink(String url, Duration timeout, @Nullable TimeMeter clock) {
		this.uri = parse(url);
		this.uri.setTimeout(timeout);
		this.timeout = timeout;
		this.clock = clock;
		// Reconnect quickly (at most 2 s apart) so that limits resume soon after Redis
		// does.
		this.resources = DefaultClientResources.builder()
			.reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
			.build();
		this.client = RedisClient.create(this.resources);
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.build());
		connect();
	}

	/**
	 * Bucket4j's buckets on the open connection, or null while Redis is not connected.
	 */
	@Nullable Connected buckets() {
		Connected current = this.link.get();
		return (current != null && current.connection().isOpen()) ? current : null;
	}

	boolean connected() {
		return buckets() != null;
	}

	@Override
	public void close() {
		this.closed = true;
		Connected current = this.link.getAndSet(null);
		if (current != null) {
			current.connection().close();
		}
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.resources.shutdown(0, 2, TimeUnit.SECONDS);
	}

	private void connect() {
		// A retry may come due after the link was closed, and its client shut down.
		if (this.closed) {
			return;
		}
		this.client.connectAsync(ByteArrayCodec.INSTANCE, this.uri).whenComplete((connection, failure) -> {
			if (failure != null) {
				retryConnect(failure);
			}
			else if (this.closed) {
				connection.closeAsync();
			}
			else {
				this.link.set(new Connected(connection, proxies(connection)));
				log.info("Connected to Redis at {}:{}; per-key budgets are shared by every replica.",
						this.uri.getHost(), this.uri.getPort());
			}
		});
	}

	private void retryConnect(Throwable failure) {
		if (this.closed) {
			return;
		}
		if (this.firstFailureLogged.compareAndSet(false, true)) {
			log.warn("Cannot connect to Redis at {}:{} ({}); per-key budgets are not enforced until it answers. "
					+ "Retrying every second.", this.uri.getHost(), this.uri.getPort(), failure.toString());
		}
		CompletableFuture.delayedExecutor(FIRST_CONNECT_RETRY.toMillis(), TimeUnit.MILLISECONDS).execute(this::connect);
	}

	private ProxyManager<byte[]> proxies(StatefulRedisConnection<byte[], byte[]> connection) {
		var builder = Bucket4jLettuce.casBasedBuilder(connection)
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL))
			.requestTimeout(this.timeout);
		if (this.clock != null) {
			builder.clientClock(this.clock);
		}
		return builder.build();
	}

	/**
	 * The URL as Lettuce takes it; only {@code redis://} and {@code rediss://} are
	 * accepted.
	 */
	static RedisURI parse(String url) {
		try {
			URI parsed = URI.create(url.strip());
			if (parsed.getScheme() == null || !SCHEMES.contains(parsed.getScheme())) {
				throw new IllegalArgumentException("unsupported scheme");
			}
			return RedisURI.create(parsed);
		}
		catch (IllegalArgumentException ex) {
			// Never the text itself: it may hold the password.
			throw new IllegalStateException(
					"REDIS_URL is not a Redis URL: use redis://[:password@]host[:port][/database], or rediss://… for TLS.");
		}
	}

	/**
	 * An open connection and Bucket4j's buckets on it.
	 *
	 * @param connection the connection
	 * @param sync buckets that block the calling thread, each call bounded by the timeout
	 * @param async the same buckets, answering with futures
	 */
	record Connected(StatefulRedisConnection<byte[], byte[]> connection, ProxyManager<byte[]> sync,
			AsyncProxyManager<byte[]> async) {

		Connected(StatefulRedisConnection<byte[], byte[]> connection, ProxyManager<byte[]> sync) {
			this(connection, sync, sync.asAsync());
		}

	}

}
