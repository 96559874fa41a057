package com.intelia.llm.prompt;

import java.util.List;

/**
 * {@code GET /v1/prompts}, in the shape of OpenAI lists.
 *
 * @param object always {@code list}
 * @param data the prompts, by id
 */
record PromptList(String object, List<PromptSummary> data) {
}
