package com.intelia.llm.provider.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.intelia.llm.provider.CallContext;
import com.intelia.llm.provider.UpstreamHttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j's HTTP client SPI on Apache HttpClient's classic (blocking) API, which runs
 * on the calling virtual thread with no hand-off. Every call registers its cancel with
 * the caller's {@link CallContext} before it is sent, and error responses keep their
 * headers ({@link UpstreamHttpException}).
 */
final class UpstreamHttpClient implements HttpClient {

	/** Headers the client sets itself from the request; a second copy is an error. */
	private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
			"transfer-encoding");

	private final CloseableHttpClient apache;

	private final BooleanSupplier coldStartOn503;

	UpstreamHttpClient(BooleanSupplier coldStartOn503, CloseableHttpClient apache) {
		this.coldStartOn503 = coldStartOn503;
		this.apache = apache;
	}

	/** An error answer, marked as a cold start when this upstream says so with a 503. */
	UpstreamHttpException error(int status, byte[] body, Map<String, List<String>> headers) {
		return new UpstreamHttpException(status, new String(body, StandardCharsets.UTF_8), headers,
				status == 503 && this.coldStartOn503.getAsBoolean());
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
	 * A blocking call with a limit on the wait for each read (used outside model calls).
	 */
	SuccessfulHttpResponse send(HttpRequest request, @Nullable Duration timeout) {
		HttpUriRequestBase upstream = toApache(request, timeout);
		CallContext.current().onCancel(upstream::cancel);
		Answer answer;
		try {
			answer = this.apache.execute(upstream,
					(response) -> new Answer(response.getCode(), headers(response), body(response.getEntity())));
		}
		catch (IOException ex) {
			throw unchecked(ex);
		}
		if (!successful(answer.status())) {
			throw error(answer.status(), answer.body(), answer.headers());
		}
		return SuccessfulHttpResponse.builder()
			.statusCode(answer.status())
			.headers(answer.headers())
			.body(new String(answer.body(), StandardCharsets.UTF_8))
			.build();
	}

	/**
	 * A streamed call. The response is read on a virtual thread of its own, so hundreds
	 * of open streams never wait for a pool; the cancel handle is live before the request
	 * is sent.
	 */
	@Override
	public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
		HttpUriRequestBase upstream = toApache(request, null);
		UpstreamStream stream = new UpstreamStream(this, this.apache, upstream, lean(parser), listener);
		CallContext.current().onCancel(stream::cancel);
		stream.start();
	}

	/**
	 * LangChain4j's models always pass its default parser; {@link SseReader} reads the
	 * same events with a fraction of the memory. Any other parser is used as given.
	 */
	@Override
	public void execute(HttpRequest request, ServerSentEventListener listener) {
		execute(request, SseReader.INSTANCE, listener);
	}

	private static ServerSentEventParser lean(ServerSentEventParser parser) {
		return (parser.getClass() == DefaultServerSentEventParser.class) ? SseReader.INSTANCE : parser;
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
	static Map<String, List<String>> headers(ClassicHttpResponse response) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (Header header : response.getHeaders()) {
			headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), (name) -> new ArrayList<>(1))
				.add(header.getValue());
		}
		return headers;
	}

	static byte[] body(@Nullable HttpEntity entity) throws IOException {
		return (entity != null) ? EntityUtils.toByteArray(entity) : new byte[0];
	}

	private static HttpUriRequestBase toApache(HttpRequest request, @Nullable Duration timeout) {
		if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
			throw new UnsupportedOperationException("Form data is not supported by this transport");
		}
		HttpUriRequestBase upstream = new HttpUriRequestBase(request.method().name(), URI.create(request.url()));
		request.headers().forEach((name, values) -> {
			if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
				values.forEach((value) -> upstream.addHeader(name, value));
			}
		});
		if (request.body() != null) {
			// No content type here: LangChain4j's own header says it.
			upstream.setEntity(new ByteArrayEntity(request.body().getBytes(StandardCharsets.UTF_8), null));
		}
		if (timeout != null) {
			upstream.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
		}
		return upstream;
	}

	/** A whole answer, read before the connection goes back to the pool. */
	private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
	}

}
