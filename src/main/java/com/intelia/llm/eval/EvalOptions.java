package com.intelia.llm.eval;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The runner's command line: {@code --name value} pairs, each with a default.
 *
 * @param baseUrl the gateway to evaluate through
 * @param model the model alias to call
 * @param prompt the prompt id
 * @param version the version to pin, or null for the one the gateway serves as latest
 * @param cases the evaluation set: a file, or a path inside the jar
 * @param out the folder the reports go to
 * @param apiKeyEnv the environment variable holding the gateway API key, if any
 * @param parallel how many cases are in flight at once
 * @param timeout the longest wait for one answer
 * @param maxTokens the answer length cap sent with each case
 * @param temperature the sampling temperature sent with each case
 * @param minPassRate the pass rate below which the run fails, or null for no gate
 * @param compareWith an earlier run's JSON report to compare with, or null
 * @param only a pattern on case ids and categories selecting the cases to run, or null
 */
record EvalOptions(URI baseUrl, String model, String prompt, @Nullable String version, String cases, Path out,
		String apiKeyEnv, int parallel, Duration timeout, int maxTokens, double temperature,
		@Nullable Double minPassRate, @Nullable Path compareWith, @Nullable Pattern only) {

	static final String USAGE = """
			Usage: eval [--base-url http://localhost:8081] [--model intelia-llama-3.1-8b-aviculture]
			            [--prompt aviculture] [--version v3] [--cases prompts/aviculture/eval.jsonl]
			            [--out eval-reports] [--api-key-env LLM_EVAL_API_KEY] [--parallel 4]
			            [--timeout-seconds 180] [--max-tokens 800] [--temperature 0]
			            [--min-pass-rate 0.9] [--compare-with eval-reports/aviculture-v2.json] [--only regex]
			       eval compare <earlier report.json> <later report.json> [--out eval-reports]""";

	private static final List<String> NAMES = List.of("base-url", "model", "prompt", "version", "cases", "out",
			"api-key-env", "parallel", "timeout-seconds", "max-tokens", "temperature", "min-pass-rate", "compare-with",
			"only");

	/**
	 * Reads the arguments; a mistake is an {@link IllegalArgumentException} saying what.
	 */
	static EvalOptions parse(String[] args) {
		Map<String, String> given = pairs(args);
		String prompt = given.getOrDefault("prompt", "aviculture");
		return new EvalOptions(URI.create(stripSlash(given.getOrDefault("base-url", "http://localhost:8081"))),
				given.getOrDefault("model", "intelia-llama-3.1-8b-aviculture"), prompt, given.get("version"),
				given.getOrDefault("cases", "prompts/" + prompt + "/eval.jsonl"),
				Path.of(given.getOrDefault("out", "eval-reports")),
				given.getOrDefault("api-key-env", "LLM_EVAL_API_KEY"), number(given, "parallel", 4, 1, 64),
				Duration.ofSeconds(number(given, "timeout-seconds", 180, 1, 3600)),
				number(given, "max-tokens", 800, 1, 32_000), fraction(given, "temperature", 0.0, 2.0),
				given.containsKey("min-pass-rate") ? fraction(given, "min-pass-rate", 0.0, 1.0) : null,
				given.containsKey("compare-with") ? Path.of(given.get("compare-with")) : null,
				given.containsKey("only") ? Pattern.compile(given.get("only")) : null);
	}

	static Map<String, String> pairs(String[] args) {
		Map<String, String> given = new HashMap<>();
		for (int i = 0; i < args.length; i += 2) {
			String name = args[i].startsWith("--") ? args[i].substring(2) : "";
			if (!NAMES.contains(name)) {
				throw new IllegalArgumentException("Unknown option '" + args[i] + "'.");
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("Option '" + args[i] + "' needs a value.");
			}
			given.put(name, args[i + 1]);
		}
		return given;
	}

	private static int number(Map<String, String> given, String name, int fallback, int min, int max) {
		String text = given.get(name);
		try {
			int value = (text != null) ? Integer.parseInt(text) : fallback;
			if (value < min || value > max) {
				throw new NumberFormatException();
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"--" + name + " must be a whole number from " + min + " to " + max + ".");
		}
	}

	private static double fraction(Map<String, String> given, String name, double min, double max) {
		String text = given.getOrDefault(name, String.valueOf(min));
		try {
			double value = Double.parseDouble(text);
			if (!(value >= min && value <= max)) {
				throw new NumberFormatException();
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a number from " + min + " to " + max + ".");
		}
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
