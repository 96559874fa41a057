package com.intelia.llm.prompt;

import com.intelia.llm.model.ModelAlias;
import com.intelia.llm.model.ModelCatalog;
import org.springframework.stereotype.Component;

/**
 * Stops the service at start-up when a model alias names a prompt that does not exist,
 * rather than failing its first request.
 */
@Component
class AliasPromptCheck {

	AliasPromptCheck(ModelCatalog catalog, PromptLibrary library) {
		for (ModelAlias alias : catalog.all()) {
			String prompt = alias.prompt();
			if (prompt != null && !library.all().containsKey(prompt)) {
				throw new IllegalStateException("Model '" + alias.id() + "' uses prompt '" + prompt
						+ "', which is neither bundled nor in PROMPTS_DIR. Available prompts: "
						+ String.join(", ", library.all().keySet()) + ".");
			}
		}
	}

}
