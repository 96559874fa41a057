package com.intelia.llm.provider.openai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.intelia.llm.provider.CallContext;
import com.intelia.llm.provider.UpstreamHttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j's HTTP client SPI on the JDK client. Every call registers its cancel with
 * the caller's {@link CallContext} as soon as the request is sent, and error responses
 * keep their headers ({@link UpstreamHttpException}).
 */
final class UpstreamHttpClient implements HttpClient {

	/** Headers the JDK sets itself and refuses from callers. */
	private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

	private final java.net.http.HttpClient jdk;

	UpstreamHttpClient(java.net.http.HttpClient jdk) {
		this.jdk = jdk;
	}

	/**
	 * A blocking call, on the caller's (virtual) thread. LangChain4j's mapper still
	 * classifies failures, since an {@link UpstreamHttpException} is a root-cause
	 * {@code HttpException}.
	 */
	@Override
	public SuccessfulHttpResponse execute(HttpRequest request) {
		return send(request, null);
	}

	/**
	 * A blocking call with a limit on the wait for headers (used outside model calls).
	 */
	SuccessfulHttpResponse send(HttpRequest request, @Nullable Duration timeout) {
		CallContext context = CallContext.current();
		CompletableFuture<HttpResponse<byte[]>> exchange = this.jdk.sendAsync(toJdk(request, timeout),
				BodyHandlers.ofByteArray());
		context.onCancel(() -> exchange.cancel(true));
		HttpResponse<byte[]> response = await(exchange);
		Map<String, List<String>> headers = headers(response);
		if (!successful(response.statusCode())) {
			throw new UpstreamHttpException(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8),
					headers);
		}
		return SuccessfulHttpResponse.builder()
			.statusCode(response.statusCode())
			.headers(headers)
			.body(response.body())
			.build();
	}

	/**
	 * A streamed call. The response is read on a virtual thread of its own, so hundreds
	 * of open streams never wait for a pool; the cancel handle is live from the moment
	 * the request is sent.
	 */
	@Override
	public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
		CallContext context = CallContext.current();
		UpstreamStream stream = new UpstreamStream(
				this.jdk.sendAsync(toJdk(request, null), BodyHandlers.ofInputStream()), parser, listener);
		context.onCancel(stream::cancel);
		stream.start();
	}

	private static <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> exchange) {
		try {
			return exchange.get();
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			Thread.currentThread().interrupt();
			throw new CancellationException("Interrupted while waiting for the upstream");
		}
		catch (ExecutionException ex) {
			throw unchecked(ex.getCause());
		}
	}

	static RuntimeException unchecked(Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		if (failure instanceof IOException io) {
			return new UncheckedIOException("The upstream call failed: " + io, io);
		}
		return new IllegalStateException("The upstream call failed: " + failure, failure);
	}

	static boolean successful(int status) {
		return status >= 200 && status < 300;
	}

	/** The response headers, names in lower case. */
	static Map<String, List<String>> headers(HttpResponse<?> response) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		response.headers()
			.map()
			.forEach((name, values) -> headers.merge(name.toLowerCase(Locale.ROOT), values, (a, b) -> {
				List<String> all = new ArrayList<>(a);
				all.addAll(b);
				return all;
			}));
		return headers;
	}

	private static java.net.http.HttpRequest toJdk(HttpRequest request, @Nullable Duration timeout) {
		if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
			throw new UnsupportedOperationException("Form data is not supported by this transport");
		}
		java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
		request.headers().forEach((name, values) -> {
			if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
				values.forEach((value) -> builder.header(name, value));
			}
		});
		builder.method(request.method().name(), (request.body() != null)
				? BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8) : BodyPublishers.noBody());
		if (timeout != null) {
			builder.timeout(timeout);
		}
		return builder.build();
	}

}
