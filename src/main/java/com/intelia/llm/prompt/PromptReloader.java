package com.intelia.llm.prompt;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Re-reads {@code PROMPTS_DIR} every {@code PROMPTS_RELOAD_INTERVAL} while the service
 * runs. Polling rather than a {@code WatchService}: the folder is a handful of small
 * files, so reading them every two seconds costs nothing, and polling behaves the same on
 * every file system. Inotify misses changes on network and bind mounts, and a Kubernetes
 * ConfigMap is updated by swapping a symbolic link, which file events report
 * inconsistently. Comparing file contents also ignores modification times, which copies
 * and ConfigMaps do not always change.
 */
@Component
class PromptReloader implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PromptReloader.class);

	private final PromptLibrary library;

	private final PromptProperties properties;

	private @Nullable ScheduledExecutorService scheduler;

	PromptReloader(PromptLibrary library, PromptProperties properties) {
		this.library = library;
		this.properties = properties;
	}

	@Override
	public void start() {
		if (!this.properties.hasDir()) {
			return;
		}
		ScheduledExecutorService scheduler = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("prompts-reload").factory());
		long millis = this.properties.reloadInterval().toMillis();
		scheduler.scheduleWithFixedDelay(this::reload, millis, millis, TimeUnit.MILLISECONDS);
		this.scheduler = scheduler;
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

	private void reload() {
		try {
			this.library.reload();
		}
		catch (RuntimeException ex) {
			// A failed poll must not end the schedule: the next one may succeed.
			log.error("Reloading prompts failed", ex);
		}
	}

}
