package com.intelia.llm.observability;

import java.util.concurrent.atomic.AtomicBoolean;

import com.intelia.llm.provider.LlmProvider;
import com.intelia.llm.provider.ProviderFactory;
import com.intelia.llm.support.GatewayClient;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness, the aggregate and {@code llm_model_loaded} follow the upstream's probe as it
 * goes down and comes back; liveness does not. The refresh is triggered directly rather
 * than waited for, so the test does not depend on timing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=switchable", "observability.upstream-check.interval=1h" })
class ReadinessTest {

	static final AtomicBoolean UPSTREAM_UP = new AtomicBoolean(true);

	@LocalServerPort
	int port;

	@Autowired
	UpstreamChecks checks;

	GatewayClient http;

	@BeforeEach
	void upstreamUp() {
		this.http = new GatewayClient(this.port);
		UPSTREAM_UP.set(true);
		this.checks.refresh();
	}

	@AfterEach
	void restore() {
		UPSTREAM_UP.set(true);
		this.checks.refresh();
	}

	@Test
	void readiness_flips_when_the_upstream_goes_down_and_comes_back() throws Exception {
		assertThat(this.http.get("/health/readiness").statusCode()).isEqualTo(200);

		UPSTREAM_UP.set(false);
		this.checks.refresh();
		assertThat(this.http.get("/health/readiness").statusCode()).isEqualTo(503);
		assertThat(this.http.get("/health").statusCode()).isEqualTo(503);

		UPSTREAM_UP.set(true);
		this.checks.refresh();
		assertThat(this.http.get("/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	void liveness_reports_the_process_only() throws Exception {
		UPSTREAM_UP.set(false);
		this.checks.refresh();

		assertThat(this.http.get("/health/liveness").statusCode()).isEqualTo(200);
	}

	@Test
	void health_answers_up_without_a_key_when_the_service_can_serve() throws Exception {
		var health = this.http.get("/health");

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void model_loaded_follows_the_upstream() throws Exception {
		String[] labels = { "model", "intelia-llama-3.1-8b-aviculture", "provider", "switchable" };
		assertThat(Exposition.scrape(this.http).value("llm_model_loaded", labels)).isEqualTo(1);

		UPSTREAM_UP.set(false);
		this.checks.refresh();

		assertThat(Exposition.scrape(this.http).value("llm_model_loaded", labels)).isZero();
	}

	/** A provider whose upstream the test switches on and off. */
	@TestConfiguration(proxyBeanMethods = false)
	static class SwitchableUpstream {

		@Bean
		ProviderFactory switchableProviderFactory() {
			return new ProviderFactory() {
				@Override
				public String id() {
					return "switchable";
				}

				@Override
				public LlmProvider create() {
					return new SwitchableProvider();
				}
			};
		}

	}

	static final class SwitchableProvider implements LlmProvider {

		@Override
		public String id() {
			return "switchable";
		}

		@Override
		public String defaultUpstreamModel() {
			return "switchable-model";
		}

		@Override
		public ChatModel chatModel() {
			throw new UnsupportedOperationException("Only probed in this test");
		}

		@Override
		public StreamingChatModel streamingChatModel() {
			throw new UnsupportedOperationException("Only probed in this test");
		}

		@Override
		public boolean forwardsVendorParameters() {
			return false;
		}

		@Override
		public void probe() {
			if (!UPSTREAM_UP.get()) {
				throw new IllegalStateException("GET /v1/models: connection refused");
			}
		}

	}

}
