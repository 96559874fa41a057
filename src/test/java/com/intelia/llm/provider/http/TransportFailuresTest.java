package com.intelia.llm.provider.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.provider.HttpErrorExplainer;
import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.UpstreamFailure;
import com.intelia.llm.provider.UpstreamSettings;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Each transport failure, provoked for real through the Apache HttpClient transport
 * (unknown host, refused connection, connect timeout, TLS handshake), is explained with
 * the status, code and words the caller needs, and classified for retries and the
 * circuit. The read timeout and the idle stream are the chat service's limits, covered by
 * {@code UpstreamTimeoutTest} and {@code CircuitUnderFaultsTest}.
 */
// Beside the sequential classes (junit-platform.properties): it mostly waits out connect
// timeouts, on sockets of its own, and logs nothing that a class capturing output looks
// for.
@Execution(ExecutionMode.CONCURRENT)
class TransportFailuresTest {

	@Test
	void an_unknown_host_is_a_502_naming_the_host_and_the_variable() {
		Outcome outcome = call("http://nohost.invalid:8000/v1");

		assertThat(outcome.error().status().value()).isEqualTo(502);
		assertThat(outcome.error().code()).isEqualTo("upstream_unknown_host");
		assertThat(outcome.error().getMessage()).contains("'nohost.invalid'", "VLLM_URL");
		assertThat(outcome.kind()).isEqualTo(UpstreamFailure.UNKNOWN_HOST);
		assertThat(outcome.kind().retryable()).isFalse();
	}

	@Test
	void a_refused_connection_is_a_503_and_is_retried() throws IOException {
		int closedPort;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = probe.getLocalPort();
		}
		Outcome outcome = call("http://127.0.0.1:" + closedPort + "/v1");

		assertThat(outcome.error().status().value()).isEqualTo(503);
		assertThat(outcome.error().code()).isEqualTo("upstream_unavailable");
		assertThat(outcome.kind()).isEqualTo(UpstreamFailure.CONNECTION_REFUSED);
		assertThat(outcome.kind().retryable()).isTrue();
		assertThat(outcome.kind().unhealthy()).isTrue();
	}

	/**
	 * A listener whose accept queue is full: the kernel drops further SYNs, so a connect
	 * hangs until its timeout, as with an upstream behind a black-holing firewall.
	 */
	@Test
	void a_connect_timeout_is_a_504_and_is_retried() throws IOException {
		try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<Socket> fillers = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					Socket filler = new Socket();
					filler.connect(full.getLocalSocketAddress(), 1000);
					fillers.add(filler);
				}
			}
			catch (IOException queueAlreadyFull) {
				// Fewer fillers were needed on this kernel.
			}
			Outcome outcome = call("http://127.0.0.1:" + full.getLocalPort() + "/v1");

			assertThat(outcome.error().status().value()).isEqualTo(504);
			assertThat(outcome.error().code()).isEqualTo("upstream_timeout");
			assertThat(outcome.kind()).isEqualTo(UpstreamFailure.CONNECT_TIMEOUT);
			assertThat(outcome.kind().retryable()).isTrue();
			for (Socket filler : fillers) {
				filler.close();
			}
		}
	}

	/** https:// to a server that speaks plain HTTP: the handshake fails. */
	@Test
	void a_tls_handshake_failure_is_a_502_saying_tls_failed_and_naming_the_host() throws IOException {
		try (ServerSocket plain = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			Thread.ofVirtual().start(() -> answerPlainHttp(plain));
			Outcome outcome = call("https://localhost:" + plain.getLocalPort() + "/v1");

			assertThat(outcome.error().status().value()).isEqualTo(502);
			assertThat(outcome.error().code()).isEqualTo("upstream_tls_error");
			assertThat(outcome.error().getMessage()).contains("TLS", "'localhost'");
			assertThat(outcome.kind()).isEqualTo(UpstreamFailure.TLS);
			assertThat(outcome.kind().retryable()).isFalse();
		}
	}

	private static void answerPlainHttp(ServerSocket server) {
		while (!server.isClosed()) {
			try (Socket socket = server.accept()) {
				socket.getInputStream().read(new byte[1024]);
				socket.getOutputStream()
					.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes());
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	/** A blocking completion through the real transport, and how it failed. */
	private static Outcome call(String baseUrl) {
		UpstreamEndpoint endpoint = new UpstreamEndpoint(baseUrl, null);
		LlmProvider provider = new OpenAiCompatibleProvider("vllm", endpoint, "m",
				new UpstreamSettings("vllm", endpoint.baseUrl(), "VLLM_URL", "VLLM_API_KEY", false),
				HttpErrorExplainer.NONE, new UpstreamHttpClientBuilder(Duration.ofSeconds(1)));
		Throwable failure = catchThrowable(
				() -> provider.chatModel().chat(ChatRequest.builder().messages(UserMessage.from("hi")).build()));
		assertThat(failure).as("the call must fail").isNotNull();
		return new Outcome(provider.explain(failure, "m"), UpstreamFailure.of(failure));
	}

	private record Outcome(ApiException error, UpstreamFailure kind) {
	}

}
