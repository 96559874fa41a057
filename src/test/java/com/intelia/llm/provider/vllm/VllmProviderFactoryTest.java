package com.intelia.llm.provider.vllm;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.intelia.llm.InteliaLlmApplication;
import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.provider.LlmProvider;
import org.springframework.core.env.StandardEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the vLLM provider finds its server and its model. */
class VllmProviderFactoryTest {

	static final WireMockServer vllm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

	static {
		vllm.start();
	}

	@AfterAll
	static void stop() {
		vllm.stop();
	}

	@BeforeEach
	void reset() {
		vllm.resetAll();
	}

	static LlmProvider create(String url, String model, String key) {
		LlmProperties llm = new LlmProperties("vllm", "classpath:models.yml", 1024,
				new LlmProperties.Timeouts(120, 60, 60, 2));
		return new VllmProviderFactory(new VllmProperties(url, model, key), llm, new StandardEnvironment()).create();
	}

	static void listModels(String json) {
		vllm.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody("{\"object\":\"list\",\"data\":" + json + "}")));
	}

	@Test
	void uses_the_single_model_the_server_lists() {
		listModels("[{\"id\":\"meta-llama/Llama-3.1-8B-Instruct\",\"object\":\"model\"}]");

		LlmProvider provider = create(vllm.baseUrl(), "", "secret-key");

		assertThat(provider.defaultUpstreamModel()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
		vllm.verify(getRequestedFor(urlEqualTo("/v1/models")).withHeader("Authorization",
				com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer secret-key")));
	}

	@Test
	void several_models_fail_with_a_message_to_set_vllm_model() {
		listModels("[{\"id\":\"a\"},{\"id\":\"b\"}]");

		assertThatIllegalStateException().isThrownBy(() -> create(vllm.baseUrl() + "/v1", null, null))
			.withMessageContaining("VLLM_MODEL")
			.withMessageContaining("2 models [a, b]");
	}

	@Test
	void no_model_fails_with_a_message_to_set_vllm_model() {
		listModels("[]");

		assertThatIllegalStateException().isThrownBy(() -> create(vllm.baseUrl(), null, null))
			.withMessageContaining("set VLLM_MODEL");
	}

	@Test
	void an_unreachable_server_fails_with_a_message_to_set_vllm_model() {
		assertThatIllegalStateException().isThrownBy(() -> create("http://127.0.0.1:1", null, null))
			.withMessageContaining("Set VLLM_MODEL")
			.withMessageContaining("VLLM_URL");
	}

	@Test
	void a_configured_model_needs_no_listing() {
		LlmProvider provider = create("http://127.0.0.1:1/v1/", "my-model", null);

		assertThat(provider.defaultUpstreamModel()).isEqualTo("my-model");
		assertThat(provider.forwardsVendorParameters()).isTrue();
	}

	@Test
	void accepts_the_url_with_or_without_v1() {
		assertThat(VllmProviderFactory.apiRoot("http://gpu:8000")).isEqualTo("http://gpu:8000/v1");
		assertThat(VllmProviderFactory.apiRoot("http://gpu:8000/")).isEqualTo("http://gpu:8000/v1");
		assertThat(VllmProviderFactory.apiRoot("http://gpu:8000/v1")).isEqualTo("http://gpu:8000/v1");
		assertThat(VllmProviderFactory.apiRoot("https://gpu/v1/")).isEqualTo("https://gpu/v1");
		assertThatIllegalStateException().isThrownBy(() -> VllmProviderFactory.apiRoot("gpu:8000"))
			.withMessageContaining("VLLM_URL");
	}

	@Test
	void probe_lists_models_and_explains_a_refusal() {
		vllm.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withStatus(401).withBody("bad key")));
		LlmProvider provider = create(vllm.baseUrl(), "m", "wrong-key");

		assertThatIllegalStateException().isThrownBy(provider::probe)
			.withMessageContaining("HTTP 401")
			.withMessageNotContaining("wrong-key");
	}

	@Test
	void properties_never_print_the_key() {
		assertThat(new VllmProperties("http://gpu:8000", "m", "secret-key").toString()).doesNotContain("secret-key")
			.contains("***");
	}

	@Test
	void the_application_does_not_start_when_the_server_lists_several_models() {
		listModels("[{\"id\":\"a\"},{\"id\":\"b\"}]");

		assertThatThrownBy(() -> new SpringApplicationBuilder(InteliaLlmApplication.class)
			.run("--llm.provider=vllm", "--llm.vllm.url=" + vllm.baseUrl(), "--llm.vllm.model=", "--server.port=0")
			.close()).rootCause().hasMessageContaining("set VLLM_MODEL");
	}

}
