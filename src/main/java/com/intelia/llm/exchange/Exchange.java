package com.intelia.llm.exchange;

import org.jspecify.annotations.Nullable;

/**
 * What one chat request did, as published to the listeners. Only
 * {@link ExchangeRecord#complete} builds it in the service, so a new field is added here
 * and there, and nowhere else.
 *
 * @param requestId the request id
 * @param caller the name of the caller's API key, or null when keys are not configured
 * @param model the alias, or null if the request named no known alias
 * @param provider the provider that served it, or null if none was called
 * @param promptId the prompt used, or null
 * @param promptVersion the prompt version used, or null
 * @param stream whether it was a stream
 * @param status the HTTP status sent (200 for a stream that started)
 * @param errorType a bounded error class ({@code timeout}, {@code upstream_5xx}...), or
 * null
 * @param durationNanos time from arrival to the end of the answer
 * @param upstreamNanos time spent waiting on the upstream
 * @param timeToFirstTokenNanos for streams, time to the first token, or -1
 * @param tokens token counts, or null if the upstream gave none
 * @param clientDisconnected whether the client left before the end
 */
public record Exchange(String requestId, @Nullable String caller, @Nullable String model, @Nullable String provider,
		@Nullable String promptId, @Nullable String promptVersion, boolean stream, int status,
		@Nullable String errorType, long durationNanos, long upstreamNanos, long timeToFirstTokenNanos,
		@Nullable Tokens tokens, boolean clientDisconnected) {
}
