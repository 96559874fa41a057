package com.intelia.llm.prompt;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import com.intelia.llm.error.ErrorResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The prompt engineers' view of the prompt library: what is in service, each version's
 * template, and a preview of the system message a request would send. Nothing here calls
 * a model.
 */
@RestController
@Tag(name = "Prompts", description = "Versioned domain system prompts: list, inspect and preview them.")
@ApiResponse(responseCode = "400", description = "An id or version that does not have the allowed shape",
		content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
class PromptsController {

	private final PromptLibrary library;

	private final PromptComposer composer;

	PromptsController(PromptLibrary library, PromptComposer composer) {
		this.library = library;
		this.composer = composer;
	}

	@GetMapping("/v1/prompts")
	@Operation(summary = "List prompts",
			description = "Every prompt id in service, bundled or from PROMPTS_DIR, "
					+ "with its versions, latest version and description.")
	@ApiResponse(responseCode = "200", description = "The prompts, by id")
	PromptList list() {
		return new PromptList("list", this.library.all().entrySet().stream().map((entry) -> {
			PromptTemplate latest = entry.getValue().lastEntry().getValue();
			List<String> versions = entry.getValue().values().stream().map(PromptTemplate::version).toList();
			return new PromptSummary(entry.getKey(), "prompt", latest.version(), versions, latest.description());
		}).toList());
	}

	@GetMapping("/v1/prompts/{id}")
	@Operation(summary = "Get a prompt",
			description = "A prompt's versions with their metadata: description, "
					+ "changelog, variables and defaults, and whether PROMPTS_DIR supplies them.")
	@ApiResponse(responseCode = "200", description = "The prompt")
	@ApiResponse(responseCode = "404", description = "No such prompt (code prompt_not_found)",
			content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
	PromptDetail get(@PathVariable String id) {
		NavigableMap<Integer, PromptTemplate> versions = this.library.versions(PromptNames.checkId(id, "id"), "id");
		PromptTemplate latest = versions.lastEntry().getValue();
		return new PromptDetail(id, "prompt", latest.version(), latest.description(),
				versions.values().stream().map(PromptVersionInfo::of).toList());
	}

	@GetMapping("/v1/prompts/{id}/versions/{version}")
	@Operation(summary = "Get a prompt version",
			description = "The template text of one version, its variables and their defaults.")
	@ApiResponse(responseCode = "200", description = "The version")
	@ApiResponse(responseCode = "404", description = "No such prompt or version (code prompt_not_found)",
			content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
	PromptVersionDetail version(@PathVariable String id, @PathVariable String version) {
		PromptTemplate template = find(id, version);
		boolean latest = this.library.versions(id, "id").lastKey() == template.number();
		return new PromptVersionDetail(id, "prompt.version", template.version(), latest, template.description(),
				template.changelog(), template.variables(), PromptVersionInfo.source(template), template.text());
	}

	@PostMapping("/v1/prompts/{id}/render")
	@Operation(summary = "Preview a prompt",
			description = "The leading system message a chat request would send upstream: the rendered prompt, "
					+ "then the caller context, each after a blank line. Variables not given take their "
					+ "defaults. No model is called.")
	@ApiResponse(responseCode = "200", description = "The system message")
	@ApiResponse(responseCode = "404", description = "No such prompt or version (code prompt_not_found)",
			content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
	RenderedPrompt render(@PathVariable String id, @RequestBody(required = false) @Nullable RenderRequest request) {
		RenderRequest body = (request != null) ? request : new RenderRequest(null, null, null);
		PromptTemplate template = find(id, body.version());
		Map<String, String> variables = textVariables(body.variables());
		List<String> context = (body.context() != null) ? body.context() : List.of();
		return new RenderedPrompt(id, "prompt.render", template.version(), "system",
				this.composer.preview(template, variables, context));
	}

	/**
	 * Variables as the chat endpoint takes them: strings only, so a preview never
	 * differs.
	 */
	private static Map<String, String> textVariables(@Nullable Map<String, tools.jackson.databind.JsonNode> given) {
		Map<String, String> variables = new java.util.LinkedHashMap<>();
		if (given != null) {
			given.forEach((name, value) -> {
				if (value == null || !value.isString()) {
					throw com.intelia.llm.error.ApiException.invalidParam("variables." + name,
							"'variables." + name + "' must be a string.");
				}
				variables.put(name, value.asString());
			});
		}
		return variables;
	}

	private PromptTemplate find(String id, @Nullable String version) {
		PromptNames.checkId(id, "id");
		return this.library.find(id, PromptNames.checkVersion(version, "version"), "id", "version");
	}

}
