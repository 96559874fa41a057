package com.intelia.llm.capture;

import java.net.http.HttpResponse;

import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.GatewayTest;
import com.intelia.llm.support.OpenAiErrors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as configured by default: no API keys, capture off. The admin endpoints are
 * off rather than open, and nothing touches a database.
 */
@GatewayTest
class CaptureOffTest {

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
	void without_keys_the_admin_endpoints_are_off_not_open() {
		for (HttpResponse<String> response : java.util.List.of(this.client.get("/v1/datasets/export?format=openai-sft"),
				this.client.withKey("any-key").get("/v1/datasets/export?format=openai-sft"),
				this.client.delete("/v1/datasets/captures?key_name=barn"))) {
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(OpenAiErrors.assertEnvelope(response).get("code").stringValue()).isEqualTo("not_found");
		}
	}

	@Test
	void capture_off_captures_nobody_and_opens_no_database() {
		HttpResponse<String> health = this.client.get("/health/capture");
		JsonNode details = CaptureRig.JSON.readTree(health.body()).at("/components/captureDatabase/details");

		assertThat(this.capture.enabledFor(null)).isFalse();
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(details.get("capturing").booleanValue()).isFalse();
		assertThat(details.get("state").stringValue()).isEqualTo("idle");
		assertThat(this.database.state()).isEqualTo(CaptureDatabase.State.IDLE);
	}

	@Test
	void feedback_finds_nothing_to_rate_and_creates_no_database_file() {
		HttpResponse<String> answer = this.client.post("/v1/feedback",
				"{\"completion_id\":\"chatcmpl-1\",\"rating\":1}");

		assertThat(answer.statusCode()).isEqualTo(404);
		assertThat(OpenAiErrors.assertEnvelope(answer).get("code").stringValue()).isEqualTo("completion_not_found");
		assertThat(this.database.state()).isEqualTo(CaptureDatabase.State.IDLE);
		assertThat(this.database.url().sqliteFile()).isNotNull().doesNotExist();
	}

}
