package com.intelia.llm.provider.simulator;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import com.intelia.llm.provider.CallContext;
import com.intelia.llm.provider.InProcessChatModel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;

/**
 * An in-process LangChain4j model, blocking and streaming. It streams on a virtual thread
 * with the configured time to first token and inter-token delay, and stops when the call
 * is cancelled, as a real upstream would when its connection closes.
 */
final class SimulatorChatModel extends InProcessChatModel {

	private final SimulatorProperties properties;

	SimulatorChatModel(SimulatorProperties properties) {
		this.properties = properties;
	}

	@Override
	public ChatResponse doChat(ChatRequest request) {
		return response(SimulatedTurn.plan(request));
	}

	@Override
	public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
		SimulatedTurn turn = SimulatedTurn.plan(request);
		CallContext call = CallContext.current();
		StreamingHandle handle = call.streamingHandle();
		Thread.ofVirtual().name("simulator-stream").start(() -> stream(turn, call, handle, handler));
	}

	private void stream(SimulatedTurn turn, CallContext call, StreamingHandle handle,
			StreamingChatResponseHandler handler) {
		try {
			pause(this.properties.ttftMs(), call);
			boolean first = true;
			for (String token : turn.tokens()) {
				if (!first) {
					pause(this.properties.itlMs(), call);
				}
				first = false;
				if (call.isCancelled()) {
					return;
				}
				handler.onPartialResponse(new PartialResponse(token), new PartialResponseContext(handle));
			}
			streamToolCalls(turn.toolCalls(), call, handle, handler);
			if (!call.isCancelled()) {
				handler.onCompleteResponse(response(turn));
			}
		}
		catch (RuntimeException ex) {
			handler.onError(ex);
		}
	}

	private void streamToolCalls(List<ToolExecutionRequest> calls, CallContext call, StreamingHandle handle,
			StreamingChatResponseHandler handler) {
		for (int index = 0; index < calls.size() && !call.isCancelled(); index++) {
			ToolExecutionRequest request = calls.get(index);
			String arguments = request.arguments();
			int half = arguments.length() / 2;
			for (String piece : new String[] { arguments.substring(0, half), arguments.substring(half) }) {
				if (!piece.isEmpty() && !call.isCancelled()) {
					handler.onPartialToolCall(PartialToolCall.builder()
						.index(index)
						.id(request.id())
						.name(request.name())
						.partialArguments(piece)
						.build(), new PartialToolCallContext(handle));
					pause(this.properties.itlMs(), call);
				}
			}
			handler.onCompleteToolCall(new CompleteToolCall(index, request));
		}
	}

	private static ChatResponse response(SimulatedTurn turn) {
		AiMessage message = turn.toolCalls().isEmpty() ? AiMessage.from(turn.text()) : AiMessage.from(turn.toolCalls());
		return ChatResponse.builder()
			.aiMessage(message)
			.metadata(ChatResponseMetadata.builder()
				.id("chatcmpl-sim-" + UUID.randomUUID().toString().replace("-", ""))
				.modelName(SimulatorProviderFactory.MODEL)
				.finishReason(turn.finishReason())
				.tokenUsage(turn.usage())
				.build())
			.build();
	}

	private static void pause(long millis, CallContext call) {
		long deadline = System.nanoTime() + millis * 1_000_000;
		while (!call.isCancelled() && System.nanoTime() < deadline) {
			LockSupport.parkNanos(Math.min(deadline - System.nanoTime(), 20_000_000));
		}
	}

}
