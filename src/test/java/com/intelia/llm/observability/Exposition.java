package com.intelia.llm.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.intelia.llm.support.GatewayClient;

/**
 * A parsed Prometheus text exposition: each sample by series, so tests compare values
 * before and after a request.
 */
record Exposition(String text, Map<String, Double> samples) {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	/** What the gateway's {@code /metrics} exposes now. */
	static Exposition scrape(GatewayClient gateway) {
		return parse(gateway.get("/metrics").body());
	}

	static Exposition parse(String text) {
		Map<String, Double> samples = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line.strip());
			if (!sample.matches()) {
				throw new IllegalArgumentException("Not a sample line: " + line);
			}
			Map<String, String> labels = new TreeMap<>();
			Matcher label = LABEL.matcher((sample.group(3) != null) ? sample.group(3) : "");
			while (label.find()) {
				labels.put(label.group(1), label.group(2));
			}
			samples.put(key(sample.group(1), labels), Double.parseDouble(sample.group(4)));
		}
		return new Exposition(text, samples);
	}

	/** The sample's value, or 0 when the series is absent. */
	double value(String name, String... labelPairs) {
		return this.samples.getOrDefault(key(name, labels(labelPairs)), 0.0);
	}

	boolean has(String name, String... labelPairs) {
		return this.samples.containsKey(key(name, labels(labelPairs)));
	}

	private static Map<String, String> labels(String... pairs) {
		Map<String, String> labels = new TreeMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			labels.put(pairs[i], pairs[i + 1]);
		}
		return labels;
	}

	private static String key(String name, Map<String, String> labels) {
		return name + labels;
	}

}
