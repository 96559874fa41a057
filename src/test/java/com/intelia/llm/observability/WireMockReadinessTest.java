package com.intelia.llm.observability;

import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.intelia.llm.support.GatewayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness and {@code llm_model_loaded} follow a real vLLM-like upstream (WireMock) as
 * it goes down and comes back, through the vLLM provider's own probe, which never asks
 * for a completion.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "llm.provider=vllm",
		"llm.vllm.model=upstream-model", "observability.upstream-check.interval=1h" })
class WireMockReadinessTest {

	static final WireMockServer upstream = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

	static {
		upstream.start();
		serveModels();
	}

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("llm.vllm.url", () -> "http://127.0.0.1:" + upstream.port());
	}

	@AfterAll
	static void stop() {
		upstream.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	UpstreamChecks checks;

	@Test
	void readiness_follows_the_upstream_down_and_back() throws Exception {
		this.checks.refresh();
		assertThat(status("/health/readiness")).isEqualTo(200);
		assertThat(metrics())
			.contains("llm_model_loaded{model=\"intelia-llama-3.1-8b-aviculture\",provider=\"vllm\"} 1.0");

		upstream.resetAll();
		upstream.stubFor(get(urlMatching("/v1/models")).willReturn(aResponse().withStatus(503)));
		this.checks.refresh();
		assertThat(status("/health/readiness")).isEqualTo(503);
		assertThat(status("/health/liveness")).isEqualTo(200);
		assertThat(metrics())
			.contains("llm_model_loaded{model=\"intelia-llama-3.1-8b-aviculture\",provider=\"vllm\"} 0.0");

		upstream.resetAll();
		serveModels();
		this.checks.refresh();
		assertThat(status("/health/readiness")).isEqualTo(200);
		upstream.verify(getRequestedFor(urlEqualTo("/v1/models")));
		upstream.verify(0, postRequestedFor(urlMatching(".*")));
	}

	private static void serveModels() {
		upstream
			.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withHeader("Content-Type", "application/json")
				.withBody("{\"object\":\"list\",\"data\":[{\"id\":\"upstream-model\",\"object\":\"model\"}]}")));
	}

	private int status(String path) throws Exception {
		return send(path).statusCode();
	}

	private String metrics() throws Exception {
		return send("/metrics").body();
	}

	private HttpResponse<String> send(String path) {
		return new GatewayClient(this.port).get(path);
	}

}
