package com.intelia.llm.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one place the gateway reaches into Tomcat's internals to tell whether a waiting
 * request's client has left ({@code ActionCode.AVAILABLE}, through
 * {@link ClientConnectionValve}), checked on a bare embedded Tomcat: if Tomcat stops
 * answering that way, this fails by name, before any chat test does.
 */
class ClientConnectionProbeTest {

	Tomcat tomcat;

	final AtomicBoolean sawClosed = new AtomicBoolean();

	final CountDownLatch waiting = new CountDownLatch(1);

	final CountDownLatch release = new CountDownLatch(1);

	@BeforeEach
	void start() throws Exception {
		this.tomcat = new Tomcat();
		this.tomcat.setBaseDir(Files.createTempDirectory("probe-tomcat").toString());
		this.tomcat.setPort(0);
		this.tomcat.getConnector();
		Context context = this.tomcat.addContext("", null);
		context.getPipeline().addValve(new ClientConnectionValve());
		Tomcat.addServlet(context, "waiting", new HttpServlet() {
			@Override
			protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
				request.getInputStream().readAllBytes();
				ClientConnection client = ClientConnection.of(request);
				ClientConnectionProbeTest.this.waiting.countDown();
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
				while (System.nanoTime() < deadline && ClientConnectionProbeTest.this.release.getCount() > 0) {
					if (client.closed()) {
						ClientConnectionProbeTest.this.sawClosed.set(true);
						return;
					}
					awaitQuietly(ClientConnectionProbeTest.this.release, 50);
				}
				response.getOutputStream().write("ok".getBytes(StandardCharsets.UTF_8));
			}
		});
		context.addServletMappingDecoded("/*", "waiting");
		this.tomcat.start();
	}

	@AfterEach
	void stop() throws Exception {
		this.release.countDown();
		this.tomcat.stop();
		this.tomcat.destroy();
	}

	@Test
	void a_client_that_closes_its_connection_is_seen_gone() throws Exception {
		try (Socket client = post()) {
			assertThat(this.waiting.await(5, TimeUnit.SECONDS)).isTrue();
		}

		Awaitility.await().atMost(Duration.ofSeconds(3)).untilTrue(this.sawClosed);
	}

	@Test
	void a_client_that_stays_is_not_taken_for_gone() throws Exception {
		try (Socket client = post()) {
			assertThat(this.waiting.await(5, TimeUnit.SECONDS)).isTrue();

			Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).untilFalse(this.sawClosed);
			this.release.countDown();
			assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).endsWith("ok");
		}
	}

	private Socket post() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.tomcat.getConnector().getLocalPort());
		OutputStream out = socket.getOutputStream();
		out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

	private static void awaitQuietly(CountDownLatch latch, long millis) {
		try {
			latch.await(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
