package com.intelia.llm.prompt;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;

/**
 * Puts the domain prompt and the caller's context into one leading system message. The
 * rendered domain prompt comes first, then the text of every system (or developer)
 * message the caller put at the start of the conversation, in order, each after a blank
 * line: neither replaces the other. System messages later in the conversation are part of
 * the dialogue and stay where they are; nothing after the leading block changes.
 */
final class ContextMerger {

	/** Between the domain prompt and each piece of caller context. */
	static final String SEPARATOR = "\n\n";

	private ContextMerger() {
	}

	static List<ChatMessage> merge(String domainPrompt, List<ChatMessage> messages) {
		int leading = 0;
		while (leading < messages.size() && messages.get(leading) instanceof SystemMessage) {
			leading++;
		}
		List<String> context = messages.subList(0, leading)
			.stream()
			.map((message) -> ((SystemMessage) message).text())
			.toList();
		List<ChatMessage> merged = new ArrayList<>(messages.size() - leading + 1);
		merged.add(SystemMessage.from(systemText(domainPrompt, context)));
		merged.addAll(messages.subList(leading, messages.size()));
		return merged;
	}

	/** The leading system text: the domain prompt, then each non-blank context. */
	static String systemText(String domainPrompt, List<String> context) {
		StringBuilder text = new StringBuilder(domainPrompt);
		for (String part : context) {
			if (!part.isBlank()) {
				text.append(SEPARATOR).append(part.strip());
			}
		}
		return text.toString();
	}

}
