package com.intelia.llm.access;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.intelia.llm.InteliaLlmApplication;
import com.intelia.llm.support.GatewayClient;
import io.github.bucket4j.TimeMeter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * One gateway replica for the shared-budget tests: a whole application context on a
 * random port, on the simulator, with keys, budgets in Redis and the buckets' clock given
 * by the test.
 */
final class SharedGateway implements AutoCloseable {

	static final long REQUESTS_PER_MINUTE = 20;

	static final long TOKENS_PER_MINUTE = 1000;

	static final long REDIS_TIMEOUT_MS = 2000;

	static final String KEYS = "team-a:sk-team-a,team-b:sk-team-b,team-c:sk-team-c,team-d:sk-team-d,"
			+ "team-e:sk-team-e,team-f:sk-team-f,probe:sk-probe";

	private static final Pattern FAIL_OPEN = Pattern.compile("^llm_rate_limit_fail_open_total\\{([^}]*)} (\\S+)$",
			Pattern.MULTILINE);

	private final ConfigurableApplicationContext context;

	private final int port;

	private final GatewayClient client;

	private SharedGateway(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.client = new GatewayClient(this.port);
	}

	static SharedGateway start(String redisUrl, TimeMeter clock) {
		return new SharedGateway(new SpringApplicationBuilder(InteliaLlmApplication.class)
			.initializers((context) -> ((GenericApplicationContext) context).registerBean("budgetClock",
					TimeMeter.class, () -> clock))
			.run("--server.port=0", "--llm.provider=simulator", "--llm.simulator.ttft-ms=0", "--llm.simulator.itl-ms=0",
					"--llm.models-file=classpath:shared-budgets-models.yml", "--llm.access.api-keys=" + KEYS,
					"--llm.access.rate-limit.requests-per-minute=" + REQUESTS_PER_MINUTE,
					"--llm.access.rate-limit.tokens-per-minute=" + TOKENS_PER_MINUTE, "--llm.redis.url=" + redisUrl,
					"--llm.redis.timeout-ms=" + REDIS_TIMEOUT_MS));
	}

	int port() {
		return this.port;
	}

	/** A blocking chat request from a key, answered with one token. */
	HttpResponse<String> chat(String key, String content) {
		String body = """
				{"model":"plain","messages":[{"role":"user","content":"%s"}],"max_tokens":1}""".formatted(content);
		return this.client.withKey(key).post("/v1/chat/completions", body);
	}

	HttpResponse<String> get(String path) {
		return this.client.get(path);
	}

	/** The {@code sharedBudgets} component of {@code /health}. */
	JsonNode sharedBudgets() {
		return GatewayClient.JSON.readTree(get("/health").body()).path("components").path("sharedBudgets");
	}

	/**
	 * The requests admitted without budget since start, by reason, from {@code /metrics}.
	 */
	double admittedWithoutBudget(String reason) {
		return failOpen("admit", reason);
	}

	/** Every admission counted as served without budget, whatever the reason. */
	double admittedWithoutBudget() {
		return failOpen("admit", null);
	}

	private double failOpen(String operation, @Nullable String reason) {
		Matcher line = FAIL_OPEN.matcher(get("/metrics").body());
		double sum = 0;
		while (line.find()) {
			List<String> labels = new ArrayList<>(List.of(line.group(1).split(",")));
			if (labels.contains("operation=\"" + operation + "\"")
					&& (reason == null || labels.contains("reason=\"" + reason + "\""))) {
				sum += Double.parseDouble(line.group(2));
			}
		}
		return sum;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
