package com.intelia.llm.provider.http;

import java.time.Duration;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds the gateway's transport for LangChain4j's models: Apache HttpClient's classic
 * API, set up so that LangChain4j's defaults stop working against a gateway.
 * <ul>
 * <li>HTTP/1.1 for every upstream, never an h2c upgrade (which makes vLLM's uvicorn read
 * an empty body). With HTTP/1.1 each answer has its own connection, and a cancel is a
 * closed connection the upstream sees at once, not a stream reset on a shared one.</li>
 * <li>Blocking I/O on the caller's virtual thread: no selector thread, no hand-off, no
 * common pool. In a featureless proxy on the benchmark machine, a request through it cost
 * half the CPU of one through the JDK client (docs/performance.md).</li>
 * <li>No retries, redirects, cookies or transparent decompression of its own: retries are
 * Resilience4j's, which reads {@code Retry-After}, and the body LangChain4j sees is what
 * the upstream sent.</li>
 * <li>The gateway's limits win. LangChain4j's models always pass a connect timeout (15 s
 * unless told) and a read timeout (60 s); this builder keeps the connect timeout the
 * provider gave it ({@code LLM_CONNECT_TIMEOUT_SECONDS}) and applies no read timeout,
 * because the chat service enforces the total, first-token and idle limits itself and
 * cancels the call through {@link com.intelia.llm.provider.CallContext}.</li>
 * <li>Pooled connections idle for more than 2 s are checked before reuse: vLLM's server
 * closes idle keep-alive connections after 5 s, and a request sent on a closed one would
 * fail.</li>
 * </ul>
 */
public final class UpstreamHttpClientBuilder implements HttpClientBuilder {

	/**
	 * Connections per upstream: high, because the gateway's own in-flight cap
	 * ({@code LLM_MAX_CONCURRENT_REQUESTS}) is the limit that counts.
	 */
	private static final int MAX_CONNECTIONS = 10_000;

	/**
	 * Each upstream connection's input and output buffers. Apache's default of 8 KiB each
	 * is held by every answer in flight for its whole duration; chat requests and stream
	 * events fit in half, and larger ones simply take several passes.
	 */
	private static final int BUFFER_BYTES = 4096;

	private final Duration connectTimeout;

	private final UpstreamHttpClient client;

	private Duration readTimeout = Duration.ZERO;

	private final java.util.concurrent.atomic.AtomicBoolean coldStartOn503 = new java.util.concurrent.atomic.AtomicBoolean();

	/**
	 * A builder whose clients connect within this limit.
	 * @param connectTimeout the TCP (and TLS) connect limit
	 */
	public UpstreamHttpClientBuilder(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
		PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(MAX_CONNECTIONS)
			.setMaxConnPerRoute(MAX_CONNECTIONS)
			.setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
			.setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
				.http1Config(Http1Config.custom().setBufferSize(BUFFER_BYTES).build())
				.build())
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(connectTimeout))
				.setSocketTimeout(Timeout.DISABLED)
				.setValidateAfterInactivity(TimeValue.ofSeconds(2))
				.build())
			.build();
		this.client = new UpstreamHttpClient(this.coldStartOn503::get,
				HttpClients.custom()
					.setConnectionManager(connections)
					.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.DISABLED).build())
					.disableAutomaticRetries()
					.disableRedirectHandling()
					.disableCookieManagement()
					.disableAuthCaching()
					.disableConnectionState()
					.disableContentCompression()
					.evictIdleConnections(TimeValue.ofSeconds(30))
					.build());
	}

	@Override
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/** Ignored: the gateway's {@code LLM_CONNECT_TIMEOUT_SECONDS} applies. */
	@Override
	public HttpClientBuilder connectTimeout(Duration timeout) {
		return this;
	}

	@Override
	public Duration readTimeout() {
		return this.readTimeout;
	}

	/**
	 * Recorded but not applied: a read timeout would cut a model that thinks long before
	 * its first token, and the chat service enforces the real limits.
	 */
	@Override
	public HttpClientBuilder readTimeout(Duration timeout) {
		this.readTimeout = timeout;
		return this;
	}

	/**
	 * The same client every time: nothing it is built from can change, and the blocking
	 * and streaming models of a provider then share one connection pool.
	 */
	@Override
	public HttpClient build() {
		return this.client;
	}

	/**
	 * Takes a 503 for an upstream waking from zero (an Inference Endpoint scaled down),
	 * which the gateway waits out within its timeout instead of failing at once.
	 * @return this builder
	 */
	public UpstreamHttpClientBuilder coldStartOn503() {
		this.coldStartOn503.set(true);
		return this;
	}

	UpstreamHttpClient client() {
		return this.client;
	}

}
