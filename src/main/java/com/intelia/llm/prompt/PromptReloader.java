package com.intelia.llm.prompt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
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
class PromptReloader {

	private static final Logger log = LoggerFactory.getLogger(PromptReloader.class);

	private final PromptLibrary library;

	PromptReloader(PromptLibrary library) {
		this.library = library;
	}

	/** Does nothing without {@code PROMPTS_DIR}: the library has no folder to read. */
	@Scheduled(initialDelayString = "${llm.prompts.reload-interval:2s}",
			fixedDelayString = "${llm.prompts.reload-interval:2s}")
	void reload() {
		try {
			this.library.reload();
		}
		catch (RuntimeException ex) {
			// A failed poll must not end the schedule: the next one may succeed.
			log.error("Reloading prompts failed", ex);
		}
	}

}
