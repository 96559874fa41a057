package com.intelia.llm.prompt;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import com.intelia.llm.error.ApiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Every prompt version in service: the bundled ones with {@code PROMPTS_DIR} laid over
 * them. Readers see an immutable snapshot, replaced whole when the folder changes, so a
 * request never sees half a reload.
 */
@Component
class PromptLibrary {

	private static final Logger log = LoggerFactory.getLogger(PromptLibrary.class);

	private final List<PromptTemplate> bundled;

	private final @Nullable PromptDirectory directory;

	private volatile Map<String, NavigableMap<Integer, PromptTemplate>> snapshot;

	PromptLibrary(PromptProperties properties) {
		this.bundled = BundledPrompts.load();
		this.directory = properties.hasDir() ? new PromptDirectory(Path.of(properties.dir())) : null;
		if (this.directory != null) {
			this.directory.scan();
		}
		this.snapshot = merge();
		log.info("Prompts in service: {}", describe());
	}

	/**
	 * Reads {@code PROMPTS_DIR} again; called by the reloader, and by tests.
	 * @return whether the versions in service changed
	 */
	synchronized boolean reload() {
		if (this.directory == null || !this.directory.scan()) {
			return false;
		}
		this.snapshot = merge();
		log.info("Prompts reloaded from {}: {}", this.directory.root(), describe());
		return true;
	}

	/** Every prompt id, sorted, with its versions by number. */
	Map<String, NavigableMap<Integer, PromptTemplate>> all() {
		return this.snapshot;
	}

	/** The versions of a prompt, or a 404 {@code prompt_not_found}. */
	NavigableMap<Integer, PromptTemplate> versions(String id, @Nullable String param) {
		NavigableMap<Integer, PromptTemplate> versions = this.snapshot.get(id);
		if (versions == null) {
			throw notFound(param, "Prompt '" + id + "' does not exist. Available prompts: "
					+ String.join(", ", this.snapshot.keySet()) + ".");
		}
		return versions;
	}

	/**
	 * One version, the latest when {@code number} is null, or a 404
	 * {@code prompt_not_found} naming what exists.
	 */
	PromptTemplate find(String id, @Nullable Integer number, @Nullable String idParam, @Nullable String versionParam) {
		NavigableMap<Integer, PromptTemplate> versions = versions(id, idParam);
		PromptTemplate template = (number != null) ? versions.get(number) : versions.lastEntry().getValue();
		if (template == null) {
			throw notFound(versionParam, "Prompt '" + id + "' has no version v" + number + "; its versions are "
					+ String.join(", ", versions.values().stream().map(PromptTemplate::version).toList()) + ".");
		}
		return template;
	}

	private Map<String, NavigableMap<Integer, PromptTemplate>> merge() {
		Map<String, NavigableMap<Integer, PromptTemplate>> merged = new TreeMap<>();
		add(merged, this.bundled);
		if (this.directory != null) {
			add(merged, this.directory.templates());
		}
		merged.replaceAll((id, versions) -> java.util.Collections.unmodifiableNavigableMap(versions));
		return java.util.Collections.unmodifiableMap(merged);
	}

	/** Later sources override earlier ones version by version. */
	private static void add(Map<String, NavigableMap<Integer, PromptTemplate>> merged,
			Collection<PromptTemplate> templates) {
		for (PromptTemplate template : templates) {
			merged.computeIfAbsent(template.id(), (id) -> new TreeMap<>()).put(template.number(), template);
		}
	}

	private String describe() {
		return String
			.join("; ",
					this.snapshot.entrySet()
						.stream()
						.map((entry) -> entry.getKey() + " " + String.join(", ",
								entry.getValue().values().stream().map((t) -> t.version() + suffix(t)).toList()))
						.toList());
	}

	private static String suffix(PromptTemplate template) {
		return (template.origin() == PromptTemplate.Origin.PROMPTS_DIR) ? " (PROMPTS_DIR)" : "";
	}

	private static ApiException notFound(@Nullable String param, String message) {
		return new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", "prompt_not_found", param, message);
	}

}
