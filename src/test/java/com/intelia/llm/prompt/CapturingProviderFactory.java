package com.intelia.llm.prompt;

import java.util.ArrayList;
import java.util.List;

import com.intelia.llm.provider.FixedModelsProvider;
import com.intelia.llm.provider.InProcessChatModel;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderFactory;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

/**
 * A provider ({@code capture}) that records every request it receives and answers "ok",
 * so tests can assert what the upstream would see.
 */
class CapturingProviderFactory implements ProviderFactory {

	private final List<ChatRequest> requests = new ArrayList<>();

	synchronized ChatRequest last() {
		return this.requests.get(this.requests.size() - 1);
	}

	@Override
	public String id() {
		return "capture";
	}

	@Override
	public LlmProvider create() {
		Model model = new Model();
		return new FixedModelsProvider("capture", "captured", model, model, false);
	}

	private synchronized void record(ChatRequest request) {
		this.requests.add(request);
	}

	private final class Model extends InProcessChatModel {

		@Override
		public ChatResponse doChat(ChatRequest request) {
			record(request);
			return answer();
		}

		@Override
		public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
			record(request);
			handler.onPartialResponse("ok");
			handler.onCompleteResponse(answer());
		}

		private static ChatResponse answer() {
			return ChatResponse.builder()
				.aiMessage(AiMessage.from("ok"))
				.id("chatcmpl-capture")
				.modelName("captured")
				.finishReason(FinishReason.STOP)
				.tokenUsage(new TokenUsage(1, 1, 2))
				.build();
		}

	}

}
