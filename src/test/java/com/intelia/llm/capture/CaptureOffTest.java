package com.intelia.llm.capture;

import java.net.http.HttpResponse;

import com.intelia.llm.support.GatewayTest;
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

	@Autowired
	Capture capture;

	@Autowired
	CaptureDatabase database;

	@Test
	void without_keys_the_admin_endpoints_are_off_not_open() {
		Api api = new Api(this.port);
		for (HttpResponse<String> response : java.util.List.of(api.get("/v1/datasets/export?format=openai-sft", null),
				api.get("/v1/datasets/export?format=openai-sft", "any-key"),
				api.delete("/v1/datasets/captures?key_name=barn", null))) {
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(Api.error(response).get("code").stringValue()).isEqualTo("not_found");
		}
	}

	@Test
	void capture_off_captures_nobody_and_opens_no_database() {
		HttpResponse<String> health = new Api(this.port).get("/health/capture", null);
		JsonNode details = CaptureRig.JSON.readTree(health.body()).at("/components/captureDatabase/details");

		assertThat(this.capture.enabledFor(null)).isFalse();
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(details.get("capturing").booleanValue()).isFalse();
		assertThat(details.get("state").stringValue()).isEqualTo("idle");
		assertThat(this.database.state()).isEqualTo(CaptureDatabase.State.IDLE);
	}

}
