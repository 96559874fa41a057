package com.intelia.llm.provider.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.intelia.llm.provider.CallContext;
import com.intelia.llm.provider.UpstreamHttpException;
import com.intelia.llm.provider.UpstreamStreamException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.internal.ExceptionMapper;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The transport on its own, as LangChain4j's OpenAI module drives it. */
class UpstreamHttpClientTest {

	static final WireMockServer upstream = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

	static {
		upstream.start();
	}

	final HttpClient client = new UpstreamHttpClientBuilder(Duration.ofSeconds(2)).build();

	@AfterAll
	static void stop() {
		upstream.stop();
	}

	@BeforeEach
	void reset() {
		upstream.resetAll();
	}

	static HttpRequest request() {
		return HttpRequest.builder()
			.method(HttpMethod.POST)
			.url(upstream.baseUrl() + "/v1/chat/completions")
			.body("{}")
			.build();
	}

	static void answerStream(String sse, int delayMillis) {
		upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(
				aResponse().withHeader("Content-Type", "text/event-stream").withBody(sse).withFixedDelay(delayMillis)));
	}

	@Test
	void error_responses_keep_their_headers_and_langchain4j_still_maps_them() {
		upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(429)
			.withHeader("Retry-After", "3")
			.withHeader("X-Error-Code", "GatedRepo")
			.withBody("{\"error\":\"slow down\"}")));

		UpstreamHttpException error = catchThrowableOfType(UpstreamHttpException.class,
				() -> this.client.execute(request()));

		assertThat(error.statusCode()).isEqualTo(429);
		assertThat(error.getMessage()).isEqualTo("{\"error\":\"slow down\"}");
		assertThat(error.header("Retry-After")).isEqualTo("3");
		assertThat(error.headers()).containsKey("x-error-code");
		RuntimeException mapped = ExceptionMapper.DEFAULT.mapException(error);
		assertThat(mapped).isInstanceOf(RateLimitException.class).hasCause(error);
	}

	@Test
	void a_successful_blocking_call_returns_body_and_headers() {
		upstream.stubFor(post(urlEqualTo("/v1/chat/completions"))
			.willReturn(aResponse().withHeader("X-Request-Id", "up-1").withBody("{\"ok\":true}")));

		SuccessfulHttpResponse response = this.client.execute(request());

		assertThat(response.body()).isEqualTo("{\"ok\":true}");
		assertThat(response.headers().get("x-request-id")).containsExactly("up-1");
	}

	@Test
	void an_old_vllm_error_object_mid_stream_is_an_error_not_an_end() throws Exception {
		answerStream("data: {\"choices\":[]}\n\ndata: {\"object\":\"error\",\"message\":\"boom\",\"code\":500}\n\n"
				+ "data: [DONE]\n\n", 0);

		Recorder recorder = stream();

		assertThat(recorder.awaitEnd()).containsExactly("open", "event {\"choices\":[]}", "error boom");
	}

	@Test
	void an_error_event_is_an_error() throws Exception {
		answerStream("event: error\ndata: {\"error\":{\"message\":\"overloaded\"}}\n\n", 0);

		assertThat(stream().awaitEnd()).containsExactly("open", "error overloaded");
	}

	@Test
	void a_stream_with_done_closes_normally() throws Exception {
		answerStream("data: {\"choices\":[]}\n\ndata: [DONE]\n\n", 0);

		assertThat(stream().awaitEnd()).containsExactly("open", "event {\"choices\":[]}", "close");
	}

	@Test
	void a_cancelled_stream_reports_nothing() throws Exception {
		answerStream("data: {\"choices\":[]}\n\n", 1000);
		CallContext context = new CallContext();

		Recorder recorder = new Recorder();
		context.run(() -> this.client.execute(request(), recorder));
		context.cancel();

		assertThat(recorder.ended.await(1500, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(recorder.events).isEmpty();
	}

	@Test
	void langchain4j_reads_every_event_but_keeps_none_of_their_text() throws Exception {
		answerStream("""
				data: {"id":"c1","choices":[{"index":0,"delta":{"role":"assistant","content":"Bon"}}]}

				data: {"id":"c1","choices":[{"index":0,"delta":{"content":"jour"},"finish_reason":"stop"}]}

				data: [DONE]

				""", 0);
		OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder()
			.httpClientBuilder(new UpstreamHttpClientBuilder(Duration.ofSeconds(2)))
			.baseUrl(upstream.baseUrl() + "/v1")
			.apiKey("test")
			.modelName("m")
			.build();
		List<String> partials = new CopyOnWriteArrayList<>();
		CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
		model.chat("Bonjour ?", new StreamingChatResponseHandler() {
			@Override
			public void onPartialResponse(String partial) {
				partials.add(partial);
			}

			@Override
			public void onCompleteResponse(ChatResponse response) {
				answer.complete(response);
			}

			@Override
			public void onError(Throwable error) {
				answer.completeExceptionally(error);
			}
		});

		ChatResponse response = answer.get(5, TimeUnit.SECONDS);
		assertThat(partials).containsExactly("Bon", "jour");
		assertThat(response.aiMessage().text()).isEqualTo("Bonjour");
		List<ServerSentEvent> kept = ((OpenAiChatResponseMetadata) response.metadata()).rawServerSentEvents();
		assertThat(kept).hasSize(2).allSatisfy((event) -> assertThat(event.data()).isEmpty());
		assertThat(kept.get(1)).as("one shell for the whole stream").isSameAs(kept.get(0));
	}

	private Recorder stream() {
		Recorder recorder = new Recorder();
		this.client.execute(request(), recorder);
		return recorder;
	}

	/** Writes down what the listener hears. */
	static final class Recorder implements ServerSentEventListener {

		final List<String> events = new CopyOnWriteArrayList<>();

		final CountDownLatch ended = new CountDownLatch(1);

		@Override
		public void onOpen(SuccessfulHttpResponse response) {
			this.events.add("open");
		}

		@Override
		public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
			this.events.add("event " + event.data());
		}

		@Override
		public void onError(Throwable error) {
			this.events.add("error " + ((error instanceof UpstreamStreamException) ? error.getMessage() : error));
			this.ended.countDown();
		}

		@Override
		public void onClose() {
			this.events.add("close");
			this.ended.countDown();
		}

		List<String> awaitEnd() throws InterruptedException {
			assertThat(this.ended.await(5, TimeUnit.SECONDS)).as("stream ended").isTrue();
			return this.events;
		}

	}

}
