package com.intelia.llm.error;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.intelia.llm.provider.ProviderCallException;
import com.intelia.llm.resilience.ResilienceProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import com.intelia.llm.provider.UpstreamHttpException;
import com.intelia.llm.provider.UpstreamStreamException;
import com.intelia.llm.provider.UpstreamTimeoutException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Maps whatever an upstream call threw (LangChain4j's exceptions, our transport's, the
 * JDK's) to what the caller sees. An upstream's 401 is our misconfiguration, so the
 * caller gets a 502, never a 401; upstream failures are 502, 503 or 504 with a code
 * naming the cause.
 */
@Component
public class UpstreamErrorMapper {

	private final int circuitOpenSeconds;

	UpstreamErrorMapper(ResilienceProperties resilience) {
		this.circuitOpenSeconds = resilience.circuit().openSeconds();
	}

	/** Tells the OpenAI SDKs not to retry a failure that would fail again. */
	private static final Map<String, String> NO_RETRY = Map.of("x-should-retry", "false");

	/**
	 * The caller-facing error for any failure. One that came from no upstream and is not
	 * an {@link ApiException} is our own fault: a 500 that says so without internals.
	 */
	public ApiException map(Throwable failure) {
		boolean upstream = Causes.find(failure, ProviderCallException.class) != null;
		return map(failure, upstream);
	}

	/** The caller-facing error for a failure known to come from the upstream. */
	public ApiException mapUpstream(Throwable failure) {
		return map(failure, true);
	}

	private ApiException map(Throwable failure, boolean upstream) {
		ApiException api = Causes.find(failure, ApiException.class);
		if (api != null) {
			return api;
		}
		CallNotPermittedException open = Causes.find(failure, CallNotPermittedException.class);
		if (open != null) {
			ProviderCallException call = Causes.find(failure, ProviderCallException.class);
			String provider = (call != null) ? call.providerId() : "upstream";
			int wait = this.circuitOpenSeconds;
			return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "circuit_open", null,
					"Provider '" + provider + "' is failing: its circuit breaker opened after repeated upstream"
							+ " failures, and it will be probed again within " + wait + " s.",
					Map.of("Retry-After", String.valueOf(wait)));
		}
		UpstreamTimeoutException timeout = Causes.find(failure, UpstreamTimeoutException.class);
		if (timeout != null) {
			return new ApiException(HttpStatus.GATEWAY_TIMEOUT, "server_error", "upstream_timeout", null,
					timeout.getMessage());
		}
		HttpException http = Causes.find(failure, HttpException.class);
		if (http != null) {
			ProviderCallException call = Causes.find(failure, ProviderCallException.class);
			ApiException explained = (call != null && "huggingface".equals(call.providerId()))
					? HuggingFaceErrors.explain(http, call.upstreamModel()) : null;
			return (explained != null) ? explained : fromStatus(http);
		}
		UpstreamStreamException stream = Causes.find(failure, UpstreamStreamException.class);
		if (stream != null) {
			return new ApiException(HttpStatus.BAD_GATEWAY, "server_error", "upstream_stream_error", null,
					"The upstream stream failed: " + stream.getMessage());
		}
		if (Causes.find(failure, HttpConnectTimeoutException.class) != null) {
			return new ApiException(HttpStatus.GATEWAY_TIMEOUT, "server_error", "upstream_timeout", null,
					"The upstream did not accept the connection in time.");
		}
		if (Causes.find(failure, ConnectException.class) != null
				|| Causes.find(failure, UnresolvedAddressException.class) != null
				|| Causes.find(failure, UnresolvedModelServerException.class) != null) {
			return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "upstream_unavailable", null,
					"The upstream server cannot be reached. Check that it is running and that its URL is right.");
		}
		if (!upstream) {
			return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "internal_error", null,
					"The gateway failed to handle this request; the error is logged with its request id.");
		}
		return new ApiException(HttpStatus.BAD_GATEWAY, "server_error", "upstream_error", null,
				"The upstream call failed: " + safeMessage(failure));
	}

	private static ApiException fromStatus(HttpException http) {
		int status = http.statusCode();
		String detail = upstreamMessage(http.getMessage());
		Map<String, String> headers = new LinkedHashMap<>();
		if (http instanceof UpstreamHttpException withHeaders && withHeaders.header("retry-after") != null) {
			headers.put("Retry-After", withHeaders.header("retry-after"));
		}
		else if (status == 429) {
			// The upstream gave no wait; one second keeps SDK retries from hammering it.
			headers.put("Retry-After", "1");
		}
		if (status == 400 || status == 422) {
			return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "upstream_invalid_request", null,
					"The upstream rejected the request: " + detail, NO_RETRY);
		}
		if (status == 401 || status == 403) {
			return new ApiException(HttpStatus.BAD_GATEWAY, "server_error", "upstream_auth_failed", null,
					"The upstream rejected this service's credentials (HTTP " + status
							+ "). This is a gateway configuration problem, not the caller's key: " + detail,
					NO_RETRY);
		}
		if (status == 404) {
			return new ApiException(HttpStatus.BAD_GATEWAY, "server_error", "upstream_model_not_found", null,
					"The upstream does not serve the configured model: " + detail, NO_RETRY);
		}
		if (status == 408 || status == 504) {
			return new ApiException(HttpStatus.GATEWAY_TIMEOUT, "server_error", "upstream_timeout", null,
					"The upstream timed out (HTTP " + status + ").");
		}
		if (status == 429) {
			return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error", "upstream_rate_limited", null,
					"The upstream is rate limiting this service; retry later.", headers);
		}
		if (status == 503) {
			return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "upstream_unavailable", null,
					"The upstream is unavailable (HTTP 503): " + detail, headers);
		}
		return new ApiException(HttpStatus.BAD_GATEWAY, "server_error", "upstream_error", null,
				"The upstream failed with HTTP " + status + ": " + detail);
	}

	/** The upstream's error text, shortened; bodies never carry our secrets. */
	static String upstreamMessage(@Nullable String body) {
		if (body == null || body.isBlank()) {
			return "(no details)";
		}
		String text = body.strip().replaceAll("\\s+", " ");
		return (text.length() > 500) ? text.substring(0, 500) + "…" : text;
	}

	/** The innermost cause's message: the wrappers' own texts say nothing useful. */
	private static String safeMessage(Throwable failure) {
		Throwable root = Causes.root(failure);
		String message = root.getMessage();
		return (message == null) ? root.getClass().getSimpleName() : upstreamMessage(message);
	}

}
