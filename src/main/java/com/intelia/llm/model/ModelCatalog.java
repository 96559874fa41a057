package com.intelia.llm.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.error.ApiException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The model aliases callers may name, read once at start-up from the models file
 * ({@code MODELS_FILE}, bundled {@code models.yml} by default). Spring's own binder reads
 * it, so the file uses the same relaxed names as {@code application.yml}.
 */
@Component
public class ModelCatalog {

	private final Map<String, ModelAlias> aliases;

	private final long loadedAt = Instant.now().getEpochSecond();

	ModelCatalog(LlmProperties properties, ResourceLoader resources) {
		this.aliases = load(resources.getResource(properties.modelsFile()), properties.modelsFile());
	}

	/** Every alias, in file order. */
	public List<ModelAlias> all() {
		return List.copyOf(this.aliases.values());
	}

	/** The alias, or a 404 naming it and the available ones. */
	public ModelAlias find(String id) {
		ModelAlias alias = this.aliases.get(id);
		if (alias == null) {
			throw new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", "model_not_found", "model",
					"The model '" + truncate(id) + "' does not exist. Available models: "
							+ String.join(", ", this.aliases.keySet()) + ".");
		}
		return alias;
	}

	/**
	 * When the catalogue was loaded, in epoch seconds: the {@code created} of every
	 * alias.
	 */
	public long loadedAt() {
		return this.loadedAt;
	}

	private static Map<String, ModelAlias> load(Resource resource, String location) {
		if (!resource.exists()) {
			throw new IllegalStateException("MODELS_FILE points to " + location + ", which does not exist.");
		}
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("models", resource);
			Binder binder = new Binder(ConfigurationPropertySources.from(sources));
			List<ModelAlias> list = binder.bind("models", Bindable.listOf(ModelAlias.class))
				.orElseThrow(() -> new IllegalStateException(
						"The models file " + location + " declares no 'models' list; declare at least one alias."));
			Map<String, ModelAlias> byId = new LinkedHashMap<>();
			for (ModelAlias alias : list) {
				if (byId.put(alias.id(), alias) != null) {
					throw new IllegalStateException("The models file " + location + " declares '" + alias.id()
							+ "' twice; each alias must be unique.");
				}
			}
			return byId;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the models file " + location, ex);
		}
	}

	private static String truncate(String text) {
		return (text.length() > 100) ? text.substring(0, 100) + "…" : text;
	}

}
