package com.intelia.llm.chat;

import java.util.List;

import dev.langchain4j.data.message.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prompt and answer text, logged only at DEBUG on its own logger
 * ({@code com.intelia.llm.content}), so that it appears only when debugging is switched
 * on explicitly ({@code LOG_LEVEL=DEBUG}, or that logger alone) and never at INFO.
 */
final class ContentLog {

	private static final Logger log = LoggerFactory.getLogger("com.intelia.llm.content");

	private ContentLog() {
	}

	static void prompt(List<ChatMessage> messages) {
		if (log.isDebugEnabled()) {
			log.debug("prompt sent upstream: {}", messages);
		}
	}

	static void answer(String text) {
		if (log.isDebugEnabled()) {
			log.debug("answer: {}", text);
		}
	}

}
