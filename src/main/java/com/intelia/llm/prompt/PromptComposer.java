package com.intelia.llm.prompt;

import java.util.List;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.model.ModelAlias;
import dev.langchain4j.data.message.ChatMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Merges the domain system prompt into a conversation. This first version has no prompt
 * library yet: it passes the conversation through unchanged and rejects explicit
 * selections.
 */
@Component
public class PromptComposer {

	/**
	 * The conversation the upstream receives, and which prompt it carries.
	 * @param alias the alias, naming its default prompt
	 * @param selection the caller's explicit choice, or null
	 * @param messages the caller's conversation
	 * @return the composed conversation
	 */
	public ComposedPrompt compose(ModelAlias alias, @Nullable PromptSelection selection, List<ChatMessage> messages) {
		if (selection != null) {
			throw new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", "prompt_not_found", "prompt.id",
					"Prompt '" + selection.id() + "' does not exist.");
		}
		return new ComposedPrompt(messages, null, null);
	}

}
