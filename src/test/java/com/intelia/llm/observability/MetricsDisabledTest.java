package com.intelia.llm.observability;

import com.intelia.llm.support.GatewayClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ENABLE_METRICS=false} removes {@code /metrics}; health stays. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "ENABLE_METRICS=false" })
class MetricsDisabledTest {

	@LocalServerPort
	int port;

	@Test
	void enable_metrics_false_removes_the_metrics_endpoint() throws Exception {
		GatewayClient http = new GatewayClient(this.port);

		assertThat(http.get("/metrics").statusCode()).isEqualTo(404);
		assertThat(http.get("/health").statusCode()).isEqualTo(200);
	}

}
