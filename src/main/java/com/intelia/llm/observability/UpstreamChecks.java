package com.intelia.llm.observability;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.intelia.llm.model.ModelAlias;
import com.intelia.llm.model.ModelCatalog;
import com.intelia.llm.provider.ProviderRegistry;
import com.intelia.llm.resilience.ResilienceProperties;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Probes every provider in use (the active one, any an alias names, the fallback and the
 * canary) in the background and keeps the last outcome. Readiness and
 * {@code llm_model_loaded} read it from memory, so a scrape or a probe from the
 * orchestrator never reaches the upstream, and a probe is never a billed completion
 * ({@link com.intelia.llm.provider.LlmProvider#probe()}).
 */
@Component
class UpstreamChecks implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(UpstreamChecks.class);

	private final ProviderRegistry registry;

	private final Set<String> providerIds;

	private final ObservabilityProperties.UpstreamCheck settings;

	private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

	private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();

	private @Nullable ScheduledExecutorService scheduler;

	UpstreamChecks(ProviderRegistry registry, ModelCatalog catalog, ObservabilityProperties properties,
			ResilienceProperties resilience) {
		this.registry = registry;
		this.settings = properties.upstreamCheck();
		this.providerIds = new LinkedHashSet<>();
		this.providerIds.add(activeId());
		catalog.all().stream().map(ModelAlias::provider).filter((id) -> id != null).forEach(this.providerIds::add);
		Stream.of(resilience.fallbackProvider(), resilience.canaryProvider())
			.filter((id) -> id != null)
			.forEach(this.providerIds::add);
	}

	/** The id of the provider chosen by {@code LLM_PROVIDER}. */
	String activeId() {
		return this.registry.active().id();
	}

	/** The last outcome for a provider; down until it was checked once. */
	Outcome outcome(String providerId) {
		return this.outcomes.getOrDefault(providerId, Outcome.UNCHECKED);
	}

	/** Probes every provider now. The scheduler calls it; tests may too. */
	void refresh() {
		for (String id : this.providerIds) {
			Outcome next = probe(id);
			Outcome previous = this.outcomes.put(id, next);
			if (next.up() && previous != null && !previous.up()) {
				log.info("Upstream '{}' is reachable again", id);
			}
			else if (!next.up() && (previous == null || previous.up())) {
				log.warn("Upstream '{}' cannot serve: {}", id, next.error());
			}
		}
	}

	private Outcome probe(String id) {
		Future<?> probe = this.probes.submit(() -> this.registry.get(id).probe());
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

	/** The first check runs before the application reports ready. */
	@Override
	public void start() {
		refresh();
		Duration interval = this.settings.interval();
		this.scheduler = Executors
			.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("upstream-check").factory());
		this.scheduler.scheduleWithFixedDelay(this::refresh, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
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
