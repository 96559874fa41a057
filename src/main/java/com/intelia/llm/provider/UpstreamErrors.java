package com.intelia.llm.provider;

import java.util.LinkedHashMap;
import java.util.Map;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.Causes;
import dev.langchain4j.exception.HttpException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * What the caller is told when an upstream call fails, for any provider. An upstream's
 * 401 is our misconfiguration, so the caller gets a 502, never a 401; failures name their
 * cause in {@code code}, and the message names the setting to fix. Failures that would
 * fail again carry {@code x-should-retry: false}, which the OpenAI SDKs obey.
 */
public final class UpstreamErrors {

	private static final Map<String, String> NO_RETRY = Map.of("x-should-retry", "false");

	private UpstreamErrors() {
	}

	/**
	 * The caller-facing error for a failed call.
	 * @param failure what the call threw
	 * @param upstream where the upstream points, to name the setting to fix
	 * @param upstreamModel the model that was asked for
	 * @param explainer the provider's own reading of error answers
	 */
	public static ApiException explain(Throwable failure, UpstreamSettings upstream, String upstreamModel,
			HttpErrorExplainer explainer) {
		ApiException api = Causes.find(failure, ApiException.class);
		if (api != null) {
			return api;
		}
		UpstreamTimeoutException timeout = Causes.find(failure, UpstreamTimeoutException.class);
		if (timeout != null) {
			return error(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout", timeout.getMessage());
		}
		HttpException http = Causes.find(failure, HttpException.class);
		if (http != null) {
			ApiException explained = explainer.explain(http, upstreamModel);
			return (explained != null) ? explained : fromStatus(http);
		}
		UpstreamStreamException stream = Causes.find(failure, UpstreamStreamException.class);
		if (stream != null) {
			return error(HttpStatus.BAD_GATEWAY, "upstream_stream_error",
					"The upstream stream failed: " + stream.getMessage());
		}
		return fromTransport(UpstreamFailure.of(failure), failure, upstream);
	}

	private static ApiException fromTransport(UpstreamFailure kind, Throwable failure, UpstreamSettings upstream) {
		return switch (kind) {
			case UNKNOWN_HOST -> new ApiException(HttpStatus.BAD_GATEWAY, "server_error", "upstream_unknown_host", null,
					"The upstream host '" + upstream.host() + "' cannot be resolved (" + upstream.urlSetting() + " is "
							+ upstream.url() + "). Check " + upstream.urlSetting() + ".",
					NO_RETRY);
			case CONNECTION_REFUSED -> error(HttpStatus.SERVICE_UNAVAILABLE, "upstream_unavailable",
					"The upstream at " + upstream.url() + " cannot be reached: it refused the connection. Check that it"
							+ " is running and that " + upstream.urlSetting() + " is right.");
			case CONNECT_TIMEOUT -> error(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout", "The upstream at "
					+ upstream.url() + " did not accept the connection in time (LLM_CONNECT_TIMEOUT_SECONDS).");
			case TIMEOUT -> error(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout",
					"The upstream at " + upstream.url() + " stopped answering.");
			case TLS -> new ApiException(HttpStatus.BAD_GATEWAY, "server_error", "upstream_tls_error", null,
					"TLS with the upstream host '" + upstream.host() + "' failed (" + safeMessage(failure)
							+ "). Check that " + upstream.urlSetting()
							+ " uses the scheme the server speaks (https or http) and that its certificate is trusted.",
					NO_RETRY);
			case CONNECTION_LOST -> error(HttpStatus.BAD_GATEWAY, "upstream_error", "The connection to the upstream at "
					+ upstream.url() + " broke before the answer was complete (" + safeMessage(failure) + ").");
			case UNREADABLE -> error(HttpStatus.BAD_GATEWAY, "upstream_error",
					"The upstream's answer could not be read as OpenAI JSON: " + safeMessage(failure));
			default ->
				error(HttpStatus.BAD_GATEWAY, "upstream_error", "The upstream call failed: " + safeMessage(failure));
		};
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
			return error(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout",
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
		return error(HttpStatus.BAD_GATEWAY, "upstream_error",
				"The upstream failed with HTTP " + status + ": " + detail);
	}

	private static ApiException error(HttpStatus status, String code, String message) {
		return new ApiException(status, "server_error", code, null, message);
	}

	/** The upstream's error text, shortened; bodies never carry our secrets. */
	public static String upstreamMessage(@Nullable String body) {
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
