package com.intelia.llm.provider.openai;

import java.net.http.HttpClient.Redirect;
import java.net.http.HttpClient.Version;
import java.time.Duration;
import java.util.concurrent.Executors;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;

/**
 * Builds the gateway's transport for LangChain4j's models: the JDK HTTP client, set up so
 * that LangChain4j's defaults stop working against a gateway.
 * <ul>
 * <li>HTTP/1.1 for every upstream. On plain http the JDK would ask for an h2c upgrade,
 * which makes vLLM's uvicorn read an empty body. On https HTTP/2 would multiplex every
 * stream on one connection, where a cancel is only a stream reset and the server's
 * concurrent-stream limit caps how many answers run at once; with HTTP/1.1 each answer
 * has its own connection, and a cancel is a closed connection the upstream sees at
 * once.</li>
 * <li>The client's own work runs on virtual threads, never on the common pool.</li>
 * <li>The gateway's limits win. LangChain4j's models always pass a connect timeout (15 s
 * unless told) and a read timeout (60 s); this builder keeps the connect timeout the
 * provider gave it ({@code LLM_CONNECT_TIMEOUT_SECONDS}) and applies no read timeout,
 * because the chat service enforces the total, first-token and idle limits itself and
 * cancels the call through {@link com.intelia.llm.provider.CallContext}.</li>
 * </ul>
 */
public final class UpstreamHttpClientBuilder implements HttpClientBuilder {

	private final Duration connectTimeout;

	private final UpstreamHttpClient client;

	private Duration readTimeout = Duration.ZERO;

	/**
	 * A builder whose clients connect within this limit.
	 * @param connectTimeout the TCP (and TLS) connect limit
	 */
	public UpstreamHttpClientBuilder(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
		this.client = new UpstreamHttpClient(java.net.http.HttpClient.newBuilder()
			.version(Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.followRedirects(Redirect.NEVER)
			.executor(Executors.newVirtualThreadPerTaskExecutor())
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
	 * Recorded but not applied: the JDK's request timeout only covers the wait for
	 * headers, and the chat service enforces the real limits.
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

	UpstreamHttpClient client() {
		return this.client;
	}

}
