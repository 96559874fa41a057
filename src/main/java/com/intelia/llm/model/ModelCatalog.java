package com.intelia.llm.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The model aliases callers may name, from the models file, each checked at start-up
 * against what exists: its upstream (declared, or a provider), and the aliases its
 * fallback and canary name. A mistake stops start-up with a message naming the file, the
 * entry and the fix.
 */
@Component
public class ModelCatalog {

	private final Map<String, ModelAlias> aliases;

	private final ProviderRegistry providers;

	private final String location;

	private final Map<String, String> parents = new ConcurrentHashMap<>();

	private final long loadedAt = Instant.now().getEpochSecond();

	ModelCatalog(ModelsFile file, ProviderRegistry providers) {
		this.providers = providers;
		this.location = file.location();
		this.aliases = byId(file);
		List<ModelAlias> all = List.copyOf(this.aliases.values());
		for (int index = 0; index < all.size(); index++) {
			check(all.get(index), ModelsFile.where(this.location, index, all.get(index).id()));
		}
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

	/** The provider or named upstream that serves an alias. */
	public LlmProvider upstream(ModelAlias alias) {
		return (alias.upstream() != null) ? this.providers.get(alias.upstream()) : this.providers.active();
	}

	/** The upstream model an alias asks for: its own, or its upstream's default. */
	public String upstreamModel(ModelAlias alias) {
		return (alias.upstreamModel() != null) ? alias.upstreamModel() : upstream(alias).defaultUpstreamModel();
	}

	/**
	 * For an alias served by a LoRA adapter, the base model its upstream lists as the
	 * adapter's parent, once start-up has read the upstream's list; else null.
	 */
	public @Nullable String parent(String aliasId) {
		return this.parents.get(aliasId);
	}

	void parent(String aliasId, String parent) {
		this.parents.put(aliasId, parent);
	}

	/** Where the aliases come from, for messages. */
	public String location() {
		return this.location;
	}

	/**
	 * When the catalogue was loaded, in epoch seconds: the {@code created} of every
	 * alias.
	 */
	public long loadedAt() {
		return this.loadedAt;
	}

	private Map<String, ModelAlias> byId(ModelsFile file) {
		Map<String, ModelAlias> byId = new LinkedHashMap<>();
		for (ModelAlias alias : file.aliases()) {
			if (byId.put(alias.id(), alias) != null) {
				throw new IllegalStateException("The models file " + file.location() + " declares '" + alias.id()
						+ "' twice; each alias must be unique.");
			}
		}
		return byId;
	}

	private void check(ModelAlias alias, String where) {
		if (alias.upstream() != null && !this.providers.has(alias.upstream())) {
			throw new IllegalStateException(where + " names upstream '" + alias.upstream()
					+ "', which is neither declared under upstreams nor a provider; known: "
					+ String.join(", ", this.providers.ids()) + ". Declare it under upstreams, or fix the name.");
		}
		if (upstreamModel(alias).isBlank()) {
			throw new IllegalStateException(where + " gives no upstream-model, and upstream '" + alias.upstream()
					+ "' declares no model; give the alias upstream-model (the name the server serves it by).");
		}
		checkAliasReference(alias, alias.fallback(), "fallback", where);
		if (alias.canary() != null) {
			checkAliasReference(alias, alias.canary().alias(), "canary", where);
		}
	}

	private void checkAliasReference(ModelAlias alias, @Nullable String target, String what, String where) {
		if (target == null) {
			return;
		}
		if (target.equals(alias.id()) || !this.aliases.containsKey(target)) {
			throw new IllegalStateException(
					where + " has " + what + " '" + target + "', which must be another alias of the file; aliases: "
							+ String.join(", ", this.aliases.keySet()) + ".");
		}
	}

	private static String truncate(String text) {
		return (text.length() > 100) ? text.substring(0, 100) + "…" : text;
	}

}
