package com.intelia.llm.prompt;

import java.util.List;
import java.util.Map;

import com.intelia.llm.model.ModelAlias;
import dev.langchain4j.data.message.ChatMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Merges the domain system prompt into a conversation. The prompt is the caller's
 * {@code prompt} selection if any, else the alias's default prompt at its latest version;
 * see {@link ContextMerger} for where the caller's own system messages go.
 */
@Component
public class PromptComposer {

	private final PromptLibrary library;

	PromptComposer(PromptLibrary library) {
		this.library = library;
	}

	/**
	 * The conversation the upstream receives, and which prompt it carries.
	 * @param alias the alias, naming its default prompt
	 * @param selection the caller's explicit choice, or null
	 * @param messages the caller's conversation
	 * @return the composed conversation; unchanged, with no prompt id, when neither the
	 * alias nor the caller names a prompt
	 */
	public ComposedPrompt compose(ModelAlias alias, @Nullable PromptSelection selection, List<ChatMessage> messages) {
		PromptTemplate template = choose(alias, selection);
		if (template == null) {
			return new ComposedPrompt(messages, null, null);
		}
		Map<String, String> variables = (selection != null) ? selection.variables() : Map.of();
		String rendered = template.render(variables, "prompt.variables.");
		return new ComposedPrompt(ContextMerger.merge(rendered, messages), template.id(), template.version());
	}

	/**
	 * The leading system message a request would send, without calling a model.
	 * @param template the version to render
	 * @param variables the request's variables
	 * @param context the caller's leading system contents, in order
	 */
	String preview(PromptTemplate template, Map<String, String> variables, List<String> context) {
		return ContextMerger.systemText(template.render(variables, "variables."), context);
	}

	private @Nullable PromptTemplate choose(ModelAlias alias, @Nullable PromptSelection selection) {
		if (selection != null) {
			String id = PromptNames.checkId(selection.id(), "prompt.id");
			Integer number = PromptNames.checkVersion(selection.version(), "prompt.version");
			return this.library.find(id, number, "prompt.id", "prompt.version");
		}
		if (alias.prompt() == null) {
			return null;
		}
		return this.library.find(alias.prompt(), null, null, null);
	}

}
