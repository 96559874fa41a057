package com.intelia.llm.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.Causes;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * What kind of failure an upstream call ended in, decided once from whatever the
 * transport, LangChain4j or the gateway threw, and what that kind implies: whether
 * another attempt may succeed, and whether it is a sign that the upstream itself is
 * unwell (which is all a circuit breaker may count).
 */
public enum UpstreamFailure {

	/** The caller left and the call was cancelled: nothing to say about the upstream. */
	ABANDONED(false, false),

	/** Our own refusal ({@link ApiException}) raised during the call. */
	REFUSED_HERE(false, false),

	/** The host name does not resolve: a configuration error, not an outage. */
	UNKNOWN_HOST(false, false),

	/** Nothing listens at the address: the upstream is down or restarting. */
	CONNECTION_REFUSED(true, true),

	/** The upstream did not accept the connection in time. */
	CONNECT_TIMEOUT(true, true),

	/**
	 * The connection broke: reset, closed before an answer, or a stream cut short before
	 * {@code [DONE]}.
	 */
	CONNECTION_LOST(true, true),

	/** The TLS handshake failed: a wrong scheme or an untrusted certificate. */
	TLS(false, false),

	/**
	 * The upstream exceeded a time limit after connecting: the whole answer, the first
	 * token or the gap between events. Not retried (the time is spent), but counted.
	 */
	TIMEOUT(false, true),

	/** A scale-to-zero or serverless model is loading: waited out, never counted. */
	COLD_START(true, false),

	/** 429: the upstream is alive and pacing us. */
	RATE_LIMITED(true, false),

	/** A 5xx answer, or 408. */
	SERVER_ERROR(true, true),

	/** Any other 4xx: the request, the key or the model is wrong; it would fail again. */
	REJECTED(false, false),

	/**
	 * An answer arrived but could not be parsed: the upstream did the (billed) work, so
	 * asking again would pay for it twice, and one garbled answer says nothing of its
	 * health.
	 */
	UNREADABLE(false, false),

	/** Anything else. */
	OTHER(false, false);

	private static final Pattern LOADING = Pattern.compile("\"estimated_time\"|currently loading");

	private final boolean retryable;

	private final boolean unhealthy;

	UpstreamFailure(boolean retryable, boolean unhealthy) {
		this.retryable = retryable;
		this.unhealthy = unhealthy;
	}

	/** Whether another attempt may succeed. */
	public boolean retryable() {
		return this.retryable;
	}

	/** Whether the failure is a sign that the upstream is unwell. */
	public boolean unhealthy() {
		return this.unhealthy;
	}

	/** The kind of a failure, looking through its causes. */
	public static UpstreamFailure of(Throwable failure) {
		if (Causes.has(failure, ClientGone.class)) {
			return ABANDONED;
		}
		if (Causes.has(failure, ApiException.class)) {
			return REFUSED_HERE;
		}
		HttpException http = Causes.find(failure, HttpException.class);
		if (http != null) {
			return (http instanceof UpstreamHttpException answer && answer.coldStart()) ? COLD_START
					: ofStatus(http.statusCode(), http.getMessage());
		}
		if (Causes.has(failure, UpstreamTimeoutException.class)) {
			return TIMEOUT;
		}
		if (Causes.has(failure, com.fasterxml.jackson.core.JacksonException.class)
				|| Causes.has(failure, tools.jackson.core.JacksonException.class)) {
			return UNREADABLE;
		}
		return ofTransport(failure);
	}

	/** The kind of an error answer. */
	static UpstreamFailure ofStatus(int status, String body) {
		if (status == 503 && body != null && LOADING.matcher(body).find()) {
			return COLD_START;
		}
		if (status == 429) {
			return RATE_LIMITED;
		}
		if (status >= 500 || status == 408) {
			return SERVER_ERROR;
		}
		return REJECTED;
	}

	private static UpstreamFailure ofTransport(Throwable failure) {
		if (Causes.has(failure, UnknownHostException.class) || Causes.has(failure, UnresolvedAddressException.class)
				|| Causes.has(failure, UnresolvedModelServerException.class)) {
			return UNKNOWN_HOST;
		}
		if (Causes.has(failure, SSLException.class)) {
			return TLS;
		}
		if (Causes.has(failure, ConnectTimeoutException.class)
				|| Causes.has(failure, HttpConnectTimeoutException.class)) {
			return CONNECT_TIMEOUT;
		}
		if (Causes.has(failure, SocketTimeoutException.class)) {
			return TIMEOUT;
		}
		if (Causes.has(failure, ConnectException.class)) {
			return CONNECTION_REFUSED;
		}
		if (Causes.has(failure, UpstreamStreamException.class) || Causes.has(failure, IOException.class)) {
			return CONNECTION_LOST;
		}
		return OTHER;
	}

}
