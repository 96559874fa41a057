package com.intelia.llm.observability;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.intelia.llm.model.ModelCatalog;
import com.intelia.llm.provider.ProviderRegistry;
import com.intelia.llm.resilience.ResilienceProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Probes every upstream in use (the active provider, the upstream each alias names, the
 * fallback and the canary) in the background and keeps the last outcome. Readiness and
 * {@code llm_model_loaded} read it from memory, so a scrape or a probe from the
 * orchestrator never reaches an upstream, and a probe is never a billed completion
 * ({@link com.intelia.llm.provider.LlmProvider#probe()}). The probes of one round run at
 * once, each within its timeout.
 */
@Component
class UpstreamChecks {

	private static final Logger log = LoggerFactory.getLogger(UpstreamChecks.class);

	private final ProviderRegistry registry;

	private final Set<String> upstreamIds;

	private final ObservabilityProperties.UpstreamCheck settings;

	private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

	UpstreamChecks(ProviderRegistry registry, ModelCatalog catalog, ObservabilityProperties properties,
			ResilienceProperties resilience) {
		this.registry = registry;
		this.settings = properties.upstreamCheck();
		this.upstreamIds = new LinkedHashSet<>();
		this.upstreamIds.add(activeId());
		catalog.all().stream().map((alias) -> catalog.upstream(alias).id()).forEach(this.upstreamIds::add);
		Stream.of(resilience.fallbackProvider(), resilience.canaryProvider())
			.filter((id) -> id != null)
			.forEach(this.upstreamIds::add);
	}

	/** The id of the provider chosen by {@code LLM_PROVIDER}. */
	String activeId() {
		return this.registry.active().id();
	}

	/** Every upstream checked, the active one first. */
	List<String> upstreamIds() {
		return List.copyOf(this.upstreamIds);
	}

	/** The last outcome for an upstream; down until it was checked once. */
	Outcome outcome(String upstreamId) {
		return this.outcomes.getOrDefault(upstreamId, Outcome.UNCHECKED);
	}

	/** The first round runs before the application reports itself ready. */
	@EventListener(ApplicationStartedEvent.class)
	void firstCheck() {
		refresh();
	}

	/** Probes every upstream now; scheduled, and called by tests. */
	@Scheduled(initialDelayString = "${observability.upstream-check.interval:20s}",
			fixedDelayString = "${observability.upstream-check.interval:20s}")
	void refresh() {
		try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
			Map<String, Future<?>> running = new java.util.LinkedHashMap<>();
			this.upstreamIds.forEach((id) -> running.put(id, probes.submit(() -> this.registry.get(id).probe())));
			running.forEach((id, probe) -> record(id, outcome(probe)));
		}
	}

	private void record(String id, Outcome next) {
		Outcome previous = this.outcomes.put(id, next);
		if (next.up() && previous != null && !previous.up()) {
			log.info("Upstream '{}' is reachable again", id);
		}
		else if (!next.up() && (previous == null || previous.up())) {
			log.warn("Upstream '{}' cannot serve: {}", id, next.error());
		}
	}

	private Outcome outcome(Future<?> probe) {
		try {
			probe.get(this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
			return new Outcome(true, null, Instant.now());
		}
		catch (TimeoutException ex) {
			probe.cancel(true);
			return Outcome.down("no answer within " + this.settings.timeout().toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			return Outcome.down(describe(ex.getCause()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Outcome.down("check interrupted");
		}
	}

	private static String describe(Throwable error) {
		String message = (error.getMessage() != null) ? error.getMessage() : "";
		String text = error.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

	/**
	 * What the last check found.
	 *
	 * @param up whether the upstream can serve
	 * @param error why it cannot, or null
	 * @param checkedAt when it was checked, or null if never
	 */
	record Outcome(boolean up, @Nullable String error, @Nullable Instant checkedAt) {

		static final Outcome UNCHECKED = new Outcome(false, "not checked yet", null);

		static Outcome down(String error) {
			return new Outcome(false, error, Instant.now());
		}

	}

}
