package com.intelia.llm.capture;

import java.util.ArrayList;
import java.util.List;

import com.intelia.llm.capture.CaptureStore.RatedCompletion;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes one rated completion as one line of a training format. The tools offered, when
 * there were any, go in a {@code tools} field, which OpenAI's format and TRL's chat
 * templates read.
 */
final class TrainingExamples {

	private final JsonMapper json;

	private final Conversation conversation;

	TrainingExamples(JsonMapper json) {
		this.json = json;
		this.conversation = new Conversation(json);
	}

	/** The line, or null when the completion does not make a valid example. */
	@Nullable ObjectNode line(ExportFormat format, RatedCompletion rated, boolean omitSystemPrompt) {
		List<ObjectNode> prompt = this.conversation.prompt(rated.messages(), rated.systemPrompt(), omitSystemPrompt);
		ObjectNode answer = this.conversation.answer(rated.answer());
		ObjectNode correction = (rated.correction() != null) ? this.conversation.assistant(rated.correction()) : null;
		if (prompt == null || answer == null) {
			return null;
		}
		ObjectNode line = switch (format) {
			case OPENAI_SFT -> sft(prompt, (correction != null) ? correction : answer);
			case TRL_KTO -> fits(prompt, answer) ? this.json.createObjectNode()
				.set("prompt", array(prompt))
				.set("completion", array(List.of(answer)))
				.put("label", rated.rating() > 0) : null;
			case TRL_DPO ->
				(correction != null && fits(prompt, answer) && fits(prompt, correction)) ? this.json.createObjectNode()
					.set("prompt", array(prompt))
					.set("chosen", array(List.of(correction)))
					.set("rejected", array(List.of(answer))) : null;
		};
		ArrayNode tools = this.conversation.tools(rated.tools());
		if (line != null && tools != null) {
			line.set("tools", tools);
		}
		return line;
	}

	private @Nullable ObjectNode sft(List<ObjectNode> prompt, ObjectNode assistant) {
		if (!fits(prompt, assistant)) {
			return null;
		}
		List<ObjectNode> messages = new ArrayList<>(prompt);
		messages.add(assistant);
		return this.json.createObjectNode().set("messages", array(messages));
	}

	private boolean fits(List<ObjectNode> prompt, ObjectNode assistant) {
		List<ObjectNode> whole = new ArrayList<>(prompt);
		whole.add(assistant);
		return this.conversation.valid(whole);
	}

	private ArrayNode array(List<ObjectNode> messages) {
		ArrayNode array = this.json.createArrayNode();
		messages.forEach(array::add);
		return array;
	}

}
