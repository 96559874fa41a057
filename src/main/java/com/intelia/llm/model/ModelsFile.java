package com.intelia.llm.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.intelia.llm.provider.UpstreamSpec;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The models file ({@code MODELS_FILE}, bundled {@code models.yml} by default): the named
 * upstreams and the aliases, read once at start-up with Spring's own binder, so the file
 * uses the same relaxed names as {@code application.yml}. A plain path is a file, as
 * operators mount one; {@code file:} and {@code classpath:} are accepted too.
 *
 * @param location where it was read from, for messages
 * @param aliases the aliases, in file order
 * @param upstreams the named upstreams, in file order
 */
record ModelsFile(String location, List<ModelAlias> aliases, List<UpstreamSpec> upstreams) {

	static ModelsFile read(ResourceLoader resources, String location) {
		Resource resource = resource(resources, location);
		if (!resource.exists()) {
			throw new IllegalStateException("MODELS_FILE points to " + location + ", which does not exist.");
		}
		Binder binder;
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("models", resource);
			binder = new Binder(ConfigurationPropertySources.from(sources));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the models file " + location, ex);
		}
		List<AliasEntry> entries = binder.bind("models", Bindable.listOf(AliasEntry.class))
			.orElseThrow(() -> new IllegalStateException(
					"The models file " + location + " declares no 'models' list; declare at least one alias."));
		Map<String, UpstreamEntry> upstreams = binder
			.bind("upstreams", Bindable.mapOf(String.class, UpstreamEntry.class))
			.orElse(Map.of());
		List<ModelAlias> aliases = new ArrayList<>();
		for (int index = 0; index < entries.size(); index++) {
			aliases.add(entries.get(index).alias(location, index));
		}
		List<UpstreamSpec> specs = new ArrayList<>();
		new LinkedHashMap<>(upstreams).forEach((name, entry) -> specs.add(entry.spec(name, location)));
		return new ModelsFile(location, List.copyOf(aliases), List.copyOf(specs));
	}

	/**
	 * A plain path is a file; Spring's resource loader would take it for a classpath
	 * resource.
	 */
	static Resource resource(ResourceLoader resources, String location) {
		boolean prefixed = location.startsWith("classpath:") || location.startsWith("file:")
				|| location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:/.*");
		return prefixed ? resources.getResource(location) : new FileSystemResource(location);
	}

	/** Where an alias entry stands, for messages. */
	static String where(String location, int index, @Nullable String id) {
		return "models[" + index + "]" + ((id != null) ? " (" + id + ")" : "") + " in " + location;
	}

	/**
	 * An alias as written. {@code provider} is the earlier name of {@code upstream},
	 * still read.
	 */
	record AliasEntry(@Nullable String id, @Nullable String description, @Nullable String upstream,
			@Nullable String provider, @Nullable String upstreamModel, @Nullable String prompt,
			@DefaultValue Map<String, Object> defaults, @DefaultValue("false") boolean vision,
			@Nullable Integer maxTokens, @Nullable Integer maxPromptChars, @Nullable String fallback,
			@Nullable CanaryEntry canary) {

		ModelAlias alias(String location, int index) {
			if (this.id == null || this.id.isBlank()) {
				throw new IllegalStateException(where(location, index, null) + " has no id; give every alias one.");
			}
			if (this.upstream != null && this.provider != null && !this.upstream.equals(this.provider)) {
				throw new IllegalStateException(where(location, index, this.id)
						+ " names both upstream and provider; keep upstream (provider is its earlier name).");
			}
			return new ModelAlias(this.id, this.description, (this.upstream != null) ? this.upstream : this.provider,
					this.upstreamModel, this.prompt, this.defaults, this.vision, this.maxTokens, this.maxPromptChars,
					this.fallback, (this.canary != null) ? this.canary.canary(where(location, index, this.id)) : null);
		}

	}

	/** A canary as written. */
	record CanaryEntry(@Nullable String alias, @DefaultValue("0") int percent) {

		Canary canary(String where) {
			if (this.alias == null || this.alias.isBlank()) {
				throw new IllegalStateException(where + " has a canary without its alias; name the alias it tries.");
			}
			if (this.percent < 0 || this.percent > 100) {
				throw new IllegalStateException(
						where + " has a canary of " + this.percent + "%; give percent from 0 to 100.");
			}
			return new Canary(this.alias, this.percent);
		}

	}

	/** A named upstream as written. */
	record UpstreamEntry(@Nullable String kind, @Nullable String url, @Nullable String apiKeyEnv,
			@Nullable String model) {

		UpstreamSpec spec(String name, String location) {
			return new UpstreamSpec(name, this.kind, this.url, this.apiKeyEnv, this.model,
					"upstreams." + name + " in " + location);
		}

	}

}
