package com.intelia.llm.check;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.intelia.llm.InteliaLlmApplication;
import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderRegistry;
import com.intelia.llm.provider.UpstreamSettings;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The smoke check: {@code java -jar intelia-llm.jar check}. It starts the service's own
 * context (same configuration, same providers, same error explanations) without a web
 * server, so it runs beside a live service on the same port, and exits with 0 when the
 * provider answered, 1 when the upstream failed a step, 2 when the configuration does not
 * even start.
 * <p>
 * The main class hands it the {@code check} argument before any context exists: the
 * server stays untouched by it (no runner bean deciding at start-up whether it is a
 * server), and the web application type has to be chosen before the context is built,
 * which only the code that builds it can do cleanly.
 */
public final class CheckCommand {

	/**
	 * Keeps the check's output to its report: the service's start-up logs are noise here.
	 */
	private static final Map<String, Object> QUIET = Map.of("logging.level.root", "WARN",
			"logging.level.org.springframework.boot.SpringApplication", "OFF",
			"logging.level.org.springframework.boot.diagnostics", "OFF",
			// The background upstream check would repeat the probe's failure as a
			// warning.
			"logging.level.com.intelia.llm.observability", "ERROR",
			// "No API keys configured" concerns the server's callers, not this check.
			"logging.level.com.intelia.llm.access", "ERROR", "observability.upstream-check.interval", "1h");

	private CheckCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out));
	}

	/**
	 * Runs the check and prints its report.
	 * @param args Spring Boot arguments ({@code --llm.provider=vllm}...), on top of the
	 * environment variables the service reads
	 * @param out where the report goes
	 * @return the exit code
	 */
	static int run(String[] args, PrintStream out) {
		ConfigurableApplicationContext context;
		try {
			context = start(args);
		}
		catch (RuntimeException ex) {
			Report.print(out, "the service's configuration does not start",
					List.of(Step.fail("configuration", null, Report.reason(ex))));
			return 2;
		}
		try (context) {
			return check(context, out);
		}
	}

	private static int check(ConfigurableApplicationContext context, PrintStream out) {
		LlmProvider provider = context.getBean(ProviderRegistry.class).active();
		Duration timeout = Duration.ofSeconds(context.getBean(LlmProperties.class).timeouts().totalSeconds());
		List<Step> steps = new ArrayList<>();
		steps.add(Step.ok("configuration", configuration(provider)));
		steps.addAll(new SmokeCheck(provider, new TimedCalls(timeout)).run());
		Report.print(out, "provider " + provider.id() + ", model " + provider.defaultUpstreamModel(), steps);
		return steps.stream().anyMatch(Step::failed) ? 1 : 0;
	}

	/** Where the provider points and whether a key is set; the key itself never. */
	private static String configuration(LlmProvider provider) {
		UpstreamSettings upstream = provider.settings();
		String described = "LLM_PROVIDER=" + provider.id() + ", upstream " + upstream.url();
		if (upstream.keySetting() == null) {
			return described;
		}
		return described + ", "
				+ (upstream.keySet() ? upstream.keySetting() + " set (not shown)" : "no " + upstream.keySetting());
	}

	private static ConfigurableApplicationContext start(String[] args) {
		StandardEnvironment environment = new StandardEnvironment();
		// Above application.yml, below the caller's own --arguments.
		environment.getPropertySources().addFirst(new MapPropertySource("check", QUIET));
		return new SpringApplicationBuilder(InteliaLlmApplication.class).environment(environment)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.run(args);
	}

}
