package com.intelia.llm.capture;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.intelia.llm.support.ConcurrentClass;
import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.GatewayTest;
import com.intelia.llm.support.LoggingLock;
import com.intelia.llm.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service started with {@code LLM_CAPTURE=on} and a PostgreSQL server that is not
 * there: it starts, chats, reports capture down without failing {@code /health} or
 * readiness, counts the drops, and resumes once the server starts on that port.
 */
// Beside the sequential classes: it mostly waits for its capture database, on a context
// and a PostgreSQL port of its own (its drops are logged: DropLogTest tells its own
// apart).
@ConcurrentClass
// It starts a Spring Boot application, which sets logging up.
@ResourceLock(value = LoggingLock.KEY, mode = ResourceAccessMode.READ)
@GatewayTest
@TestPropertySource(properties = { "llm.capture.enabled=on", "llm.capture.retry-interval=200ms" })
@DirtiesContext
class CaptureDatabaseDownTest {

	private static final int PORT = PostgresServer.freePort();

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static PostgresServer late;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("llm.capture.database.url",
				() -> "jdbc:postgresql://127.0.0.1:" + PORT + "/postgres?user=postgres");
	}

	@AfterAll
	static void stop() {
		if (late != null) {
			late.close();
		}
	}

	@LocalServerPort
	int port;

	GatewayClient client;

	@BeforeEach
	void client() {
		this.client = new GatewayClient(this.port);
	}

	@Autowired
	Capture capture;

	@Autowired
	CaptureDatabase database;

	@Test
	void chat_works_while_capture_is_down_and_capture_resumes_when_the_database_is_back() {
		await().atMost(PATIENCE).until(() -> this.database.state() == CaptureDatabase.State.DOWN);

		assertThat(this.client.post("/v1/chat/completions", Completions.CHAT_REQUEST).statusCode()).isEqualTo(200);
		assertThat(this.client.get("/health").statusCode()).isEqualTo(200);
		assertThat(this.client.get("/health/readiness").statusCode()).isEqualTo(200);
		HttpResponse<String> health = this.client.get("/health/capture");
		assertThat(health.statusCode()).isEqualTo(503);
		JsonNode component = CaptureRig.JSON.readTree(health.body()).at("/components/captureDatabase");
		assertThat(component.get("status").stringValue()).isEqualTo("DEGRADED");
		assertThat(component.at("/details/state").stringValue()).isEqualTo("down");
		assertThat(component.at("/details/database").stringValue()).isEqualTo("postgresql");

		this.capture.offer(Completions.simple("Perdu ?", "Oui."));

		// Two drops: the chat answer above, captured since capture is on, and this offer.
		assertThat(this.client.get("/metrics").body()).contains(
				"llm_capture_records_total{outcome=\"dropped_database_down\"} 2.0", "llm_capture_database_up 0.0");

		late = PostgresServer.start(PORT);

		await().atMost(PATIENCE).until(() -> this.client.get("/health/capture").statusCode() == 200);
		this.capture.offer(Completions.simple("Retrouvé ?", "Oui."));
		await().atMost(PATIENCE)
			.until(() -> this.client.get("/metrics")
				.body()
				.contains("llm_capture_records_total{outcome=\"captured\"} 1.0"));
		assertThat(
				this.database.require().jdbc().queryForObject("SELECT COUNT(*) FROM capture_completion", Integer.class))
			.isOne();
	}

}
