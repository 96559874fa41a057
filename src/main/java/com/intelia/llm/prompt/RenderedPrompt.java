package com.intelia.llm.prompt;

/**
 * What {@code POST /v1/prompts/{id}/render} returns: the leading system message a chat
 * request would send upstream.
 *
 * @param id the prompt id
 * @param object always {@code prompt.render}
 * @param version the version rendered
 * @param role always {@code system}
 * @param content the domain prompt, then the caller context
 */
record RenderedPrompt(String id, String object, String version, String role, String content) {
}
