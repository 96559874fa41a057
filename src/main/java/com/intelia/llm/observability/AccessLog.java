package com.intelia.llm.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

import com.intelia.llm.exchange.Exchange;
import com.intelia.llm.exchange.ExchangeListener;
import com.intelia.llm.exchange.Tokens;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.stereotype.Component;

/**
 * Writes one INFO line per chat request, on logger {@code com.intelia.llm.access}. The
 * fields are both in the message ({@code key=value}, for the text format) and attached as
 * key-value pairs (separate JSON fields under {@code LOG_FORMAT=json}). Only metadata is
 * logged: never the prompt, the answer or a key, only the key's name.
 */
@Component
class AccessLog implements ExchangeListener {

	static final String LOGGER = "com.intelia.llm.access";

	private static final Logger log = LoggerFactory.getLogger(LOGGER);

	@Override
	public void onExchange(Exchange exchange) {
		if (!log.isInfoEnabled()) {
			return;
		}
		Map<String, Object> fields = fields(exchange);
		StringJoiner line = new StringJoiner(" ", "chat ", "");
		LoggingEventBuilder event = log.atInfo();
		fields.forEach((key, value) -> {
			line.add(key + "=" + value);
			event.addKeyValue(key, value);
		});
		event.log(line.toString());
	}

	static Map<String, Object> fields(Exchange exchange) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("request_id", exchange.requestId());
		fields.put("caller", orDash(exchange.caller()));
		fields.put("model", orDash(exchange.model()));
		fields.put("provider", orDash(exchange.provider()));
		fields.put("prompt", orDash(exchange.promptId()));
		fields.put("prompt_version", orDash(exchange.promptVersion()));
		fields.put("stream", exchange.stream());
		fields.put("status", exchange.status());
		fields.put("error", orDash(exchange.errorType()));
		fields.put("duration_ms", millis(exchange.durationNanos()));
		fields.put("upstream_ms", millis(exchange.upstreamNanos()));
		fields.put("ttft_ms", (exchange.timeToFirstTokenNanos() >= 0) ? millis(exchange.timeToFirstTokenNanos()) : "-");
		Tokens tokens = exchange.tokens();
		fields.put("prompt_tokens", (tokens != null) ? tokens.prompt() : "-");
		fields.put("completion_tokens", (tokens != null) ? tokens.completion() : "-");
		fields.put("total_tokens", (tokens != null) ? tokens.total() : "-");
		fields.put("client_disconnected", exchange.clientDisconnected());
		return fields;
	}

	private static Object orDash(@Nullable String value) {
		return (value != null) ? value : "-";
	}

	private static long millis(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

}
