package com.intelia.llm.observability;

import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps the whole of {@code /metrics} clean for {@code promtool check metrics}, not only
 * our own series: some meters of Spring, Tomcat and the JVM carry no description (no
 * {@code # HELP}), an abbreviated unit ({@code _ms}, {@code _ns}) or a gauge name ending
 * in {@code _count}. Values are never changed: meters get a help text or a name, and the
 * two counted in abbreviated units are dropped.
 */
final class ExpositionLint implements MeterFilter {

	/**
	 * Prometheus wants seconds; a meter counted in these cannot be converted by renaming.
	 */
	private static final Set<String> ABBREVIATED_UNITS = Set.of("ms", "ns", "us");

	/**
	 * Gauges whose Micrometer name ends in {@code .count}, read by Prometheus as part of
	 * a histogram.
	 */
	private static final Map<String, String> RENAMES = Map.of("system.cpu.count", "system.cpus");

	private static final Map<String, String> HELP = Map.of("http.server.requests",
			"HTTP requests served, by method, URI template and status", "http.server.requests.active",
			"HTTP requests being served");

	/**
	 * Drops the few JVM meters counted in milliseconds or nanoseconds
	 * ({@code jvm.compilation.time}, {@code process.cpu.time}); {@code process_cpu_usage}
	 * and the rest remain.
	 */
	@Override
	public MeterFilterReply accept(Meter.Id id) {
		return (id.getBaseUnit() != null && ABBREVIATED_UNITS.contains(id.getBaseUnit())) ? MeterFilterReply.DENY
				: MeterFilterReply.NEUTRAL;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		Meter.Id mapped = id;
		if (RENAMES.containsKey(id.getName())) {
			mapped = mapped.withName(RENAMES.get(id.getName()));
		}
		if (mapped.getDescription() == null || mapped.getDescription().isBlank()) {
			String help = HELP.getOrDefault(mapped.getName(), "Micrometer meter " + mapped.getName());
			mapped = new Meter.Id(mapped.getName(), Tags.of(mapped.getTags()), mapped.getBaseUnit(), help,
					mapped.getType());
		}
		return mapped;
	}

}
