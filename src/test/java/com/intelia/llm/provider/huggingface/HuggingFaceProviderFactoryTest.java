package com.intelia.llm.provider.huggingface;

import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.provider.LlmProvider;
import org.springframework.core.env.StandardEnvironment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** How the HuggingFace provider checks its configuration. */
class HuggingFaceProviderFactoryTest {

	static LlmProvider create(String key, String model, String baseUrl) {
		LlmProperties llm = new LlmProperties("huggingface", "classpath:models.yml", 1024,
				new LlmProperties.Timeouts(120, 60, 60, 10));
		return new HuggingFaceProviderFactory(new HuggingFaceProperties(key, model, baseUrl), llm,
				new StandardEnvironment())
			.create();
	}

	@Test
	void a_missing_key_stops_start_up_with_what_to_set() {
		assertThatIllegalStateException()
			.isThrownBy(() -> create("", "meta-llama/Llama-3.1-8B-Instruct", "https://router.huggingface.co/v1"))
			.withMessageContaining("set")
			.withMessageContaining("HUGGINGFACE_API_KEY");
	}

	@Test
	void a_key_that_is_not_a_token_is_refused_without_being_shown() {
		assertThatIllegalStateException()
			.isThrownBy(() -> create("sk-not-a-hf-token", "meta-llama/Llama-3.1-8B-Instruct",
					"https://router.huggingface.co/v1"))
			.withMessageContaining("HUGGINGFACE_API_KEY")
			.withMessageContaining("hf_")
			.withMessageNotContaining("sk-not-a-hf-token");
	}

	@Test
	void keeps_router_suffixes_in_the_model_name() {
		LlmProvider provider = create("hf_abc", "meta-llama/Llama-3.1-8B-Instruct:fastest",
				"https://router.huggingface.co/v1");

		assertThat(provider.id()).isEqualTo("huggingface");
		assertThat(provider.defaultUpstreamModel()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct:fastest");
		assertThat(provider.forwardsVendorParameters()).isTrue();
		assertThat(provider.toString()).doesNotContain("hf_abc");
	}

	@Test
	void a_base_url_that_is_not_http_is_refused() {
		assertThatIllegalStateException().isThrownBy(() -> create("hf_abc", "m", "router.huggingface.co"))
			.withMessageContaining("HUGGINGFACE_BASE_URL");
	}

	@Test
	void properties_never_print_the_key() {
		assertThat(new HuggingFaceProperties("hf_secret", "m", "https://router.huggingface.co/v1").toString())
			.doesNotContain("hf_secret");
	}

}
