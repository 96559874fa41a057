package com.intelia.llm.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.UpstreamModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At start-up, asks every vLLM upstream an alias uses what it serves, base models and
 * LoRA adapters, and stops start-up when an alias asks for a model its server does not
 * list, naming the alias, the model and what the server lists. An upstream that cannot be
 * asked (down, still loading) does not stop start-up: readiness reports it. The adapters'
 * parents are kept for {@code /v1/models}.
 */
@Component
class UpstreamModelsCheck implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(UpstreamModelsCheck.class);

	private final ModelCatalog catalog;

	UpstreamModelsCheck(ModelCatalog catalog) {
		this.catalog = catalog;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<LlmProvider, List<ModelAlias>> byUpstream = new LinkedHashMap<>();
		for (ModelAlias alias : this.catalog.all()) {
			LlmProvider upstream = this.catalog.upstream(alias);
			if ("vllm".equals(upstream.settings().kind())) {
				byUpstream.computeIfAbsent(upstream, (key) -> new ArrayList<>()).add(alias);
			}
		}
		List<String> problems = new ArrayList<>();
		try (ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor()) {
			Map<LlmProvider, Future<List<UpstreamModel>>> lists = new LinkedHashMap<>();
			byUpstream.keySet().forEach((upstream) -> lists.put(upstream, lookups.submit(upstream::models)));
			lists.forEach((upstream, list) -> problems.addAll(check(upstream, byUpstream.get(upstream), list)));
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException(String.join(" ", problems));
		}
	}

	private List<String> check(LlmProvider upstream, List<ModelAlias> aliases, Future<List<UpstreamModel>> list) {
		List<UpstreamModel> served;
		try {
			served = list.get();
		}
		catch (Exception ex) {
			log.warn(
					"Could not ask upstream '{}' ({}) for its models at start-up: {}. Aliases {} are unchecked;"
							+ " readiness reports the upstream.",
					upstream.id(), upstream.settings().url(), rootMessage(ex),
					aliases.stream().map(ModelAlias::id).toList());
			return List.of();
		}
		List<String> problems = new ArrayList<>();
		for (ModelAlias alias : aliases) {
			String model = this.catalog.upstreamModel(alias);
			UpstreamModel found = served.stream()
				.filter((candidate) -> candidate.id().equals(model))
				.findFirst()
				.orElse(null);
			if (found == null) {
				problems.add("Alias '" + alias.id() + "' (" + this.catalog.location() + ") asks for model '" + model
						+ "', which vLLM upstream '" + upstream.id() + "' at " + upstream.settings().url()
						+ " does not serve; it lists " + served.stream().map(UpstreamModel::id).toList()
						+ ". Fix the alias's upstream-model, or start vLLM serving it (--served-model-name, or"
						+ " --enable-lora --lora-modules " + model + "=<path>).");
			}
			else if (found.parent() != null) {
				this.catalog.parent(alias.id(), found.parent());
			}
		}
		return problems;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ((root.getMessage() != null) ? ": " + root.getMessage() : "");
	}

}
