package com.intelia.llm.model;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}, in OpenAI's list and model
 * shapes.
 */
@RestController
class ModelsController {

	private final ModelCatalog catalog;

	ModelsController(ModelCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/v1/models")
	ModelList list() {
		return new ModelList("list", this.catalog.all().stream().map(this::model).toList());
	}

	@GetMapping("/v1/models/{id}")
	Model get(@PathVariable String id) {
		return model(this.catalog.find(id));
	}

	private Model model(ModelAlias alias) {
		return new Model(alias.id(), "model", this.catalog.loadedAt(), "intelia", this.catalog.parent(alias.id()));
	}

	/**
	 * OpenAI's model object.
	 *
	 * @param id the alias
	 * @param object always {@code model}
	 * @param created when the catalogue was loaded, epoch seconds
	 * @param ownedBy always {@code intelia}
	 * @param parent for an alias served by a LoRA adapter, the base model the adapter
	 * adapts, as vLLM reports it; absent otherwise
	 */
	record Model(String id, String object, long created,
			@com.fasterxml.jackson.annotation.JsonProperty("owned_by") String ownedBy,
			@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) @org.jspecify.annotations.Nullable String parent) {
	}

	/**
	 * OpenAI's model list.
	 *
	 * @param object always {@code list}
	 * @param data the models
	 */
	record ModelList(String object, List<Model> data) {
	}

}
