package com.intelia.llm.model;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.intelia.llm.InteliaLlmApplication;
import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.provider.NamedUpstreams;
import com.intelia.llm.provider.ProviderFactory;
import com.intelia.llm.provider.ProviderRegistry;
import com.intelia.llm.provider.Registries;
import com.intelia.llm.provider.UpstreamKind;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The models file as an operator writes and mounts it: a plain path, {@code file:} or
 * {@code classpath:}, and every mistake in it stopping start-up with the file, the entry
 * and the fix.
 */
class ModelsFileTest {

	@TempDir
	Path folder;

	/**
	 * The application once, on the bundled file, for what start-up builds upstreams with.
	 */
	static ConfigurableApplicationContext application;

	@BeforeAll
	static void startOnce() {
		application = new SpringApplicationBuilder(InteliaLlmApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run("--llm.provider=simulator", "--logging.level.root=OFF", "--observability.upstream-check.interval=1h");
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
	}

	@Test
	void a_plain_path_a_file_url_and_a_classpath_location_all_read_the_same_file() throws IOException {
		Path copy = this.folder.resolve("models.yml");
		try (var bundled = getClass().getResourceAsStream("/models.yml")) {
			Files.copy(bundled, copy);
		}
		DefaultResourceLoader resources = new DefaultResourceLoader();

		for (String location : new String[] { copy.toString(), "file:" + copy, "classpath:models.yml" }) {
			ModelsFile file = ModelsFile.read(resources, location);
			assertThat(file.aliases()).as(location)
				.extracting(ModelAlias::id)
				.containsExactly("intelia-llama-3.1-8b-aviculture");
		}
	}

	@Test
	void the_compose_gpu_profiles_file_declares_the_adapter_with_its_canary_and_fallback() {
		ModelsFile file = ModelsFile.read(new DefaultResourceLoader(), "deploy/compose/models-gpu.yml");

		assertThat(file.upstreams()).singleElement().satisfies((gpu) -> assertThat(gpu.kind()).isEqualTo("vllm"));
		ModelAlias base = file.aliases().get(0);
		ModelAlias fineTune = file.aliases().get(1);
		assertThat(base.canary()).isEqualTo(new Canary(fineTune.id(), 10));
		assertThat(fineTune.upstream()).isEqualTo(file.upstreams().get(0).name());
		assertThat(fineTune.upstreamModel()).isEqualTo("aviculture-lora-v1");
		assertThat(fineTune.fallback()).isEqualTo(base.id());
	}

	@Test
	void a_plain_path_that_does_not_exist_is_named() {
		assertThat(catchThrowable(() -> ModelsFile.read(new DefaultResourceLoader(), "/nowhere/models.yml")))
			.hasMessageContaining("MODELS_FILE points to /nowhere/models.yml, which does not exist");
	}

	/**
	 * Every mistake, checked by the code start-up runs, in its order: the file read with
	 * Spring's binder, its named upstreams built by the provider registry, then its
	 * aliases checked by the catalogue. Without a start-up per file, since one costs half
	 * a second; {@link #a_mistake_of_each_stage_stops_a_real_start_up} proves end to end
	 * that a mistake of each of these stages stops start-up.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					unknown upstream     | models: [{id: ft, upstream: gpu2, upstream-model: lora}]                                    | models[0] (ft),names upstream 'gpu2',Declare it under upstreams
					bad kind             | upstreams: {gpu: {kind: tgi, url: 'http://gpu:8000'}}\\nmodels: [{id: a}]                     | upstreams.gpu,kind 'tgi',vllm
					missing url          | upstreams: {gpu: {kind: vllm}}\\nmodels: [{id: a}]                                            | upstreams.gpu,has no url,url: http://gpu-server:8000
					url not http         | upstreams: {gpu: {kind: vllm, url: 'gpu:8000'}}\\nmodels: [{id: a}]                           | upstreams.gpu.url,not an http(s) URL
					duplicate alias      | models: [{id: a}, {id: a}]                                                                   | declares 'a' twice
					unset api-key-env    | upstreams: {ep: {kind: huggingface, url: 'https://ep.endpoints.huggingface.cloud/v1', api-key-env: NO_SUCH_TOKEN_VAR}}\\nmodels: [{id: a}] | upstreams.ep,NO_SUCH_TOKEN_VAR,which is not set
					no upstream-model    | upstreams: {gpu: {kind: vllm, url: 'http://127.0.0.1:9'}}\\nmodels: [{id: ft, upstream: gpu}] | models[0] (ft),no upstream-model
					unknown fallback     | models: [{id: a, fallback: b}]                                                               | models[0] (a),fallback 'b'
					canary to itself     | models: [{id: a, canary: {alias: a, percent: 10}}]                                           | models[0] (a),canary 'a'
					canary over 100%     | models: [{id: a}, {id: b, canary: {alias: a, percent: 150}}]                                | models[1] (b),canary of 150%
					alias without id     | models: [{description: nameless}]                                                            | models[0],has no id
					""")
	void a_mistake_stops_start_up_naming_the_file_the_entry_and_the_fix(String name, String yaml, String expected)
			throws IOException {
		Path file = this.folder.resolve("models.yml");
		Files.writeString(file, yaml.replace("\\n", "\n"));

		Throwable failure = catchThrowable(() -> check(file));

		assertMistake(name, file, failure, expected);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					alias without id     | models: [{description: nameless}]                                                            | models[0],has no id
					bad kind             | upstreams: {gpu: {kind: tgi, url: 'http://gpu:8000'}}\\nmodels: [{id: a}]                     | upstreams.gpu,kind 'tgi',vllm
					unknown upstream     | models: [{id: ft, upstream: gpu2, upstream-model: lora}]                                    | models[0] (ft),names upstream 'gpu2',Declare it under upstreams
					""")
	void a_mistake_of_each_stage_stops_a_real_start_up(String name, String yaml, String expected) throws IOException {
		Path file = this.folder.resolve("models.yml");
		Files.writeString(file, yaml.replace("\\n", "\n"));

		Throwable failure = catchThrowable(() -> start(file));

		assertMistake(name, file, failure, expected);
	}

	@Test
	void an_alias_asking_for_a_model_its_vllm_server_does_not_list_stops_start_up() throws IOException {
		HttpServer vllm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
		vllm.createContext("/v1/models", (exchange) -> {
			byte[] list = """
					{"object":"list","data":[{"id":"meta-llama/Llama-3.1-8B-Instruct","object":"model","parent":null},
					 {"id":"aviculture-lora-v1","object":"model","parent":"meta-llama/Llama-3.1-8B-Instruct"}]}"""
				.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, list.length);
			exchange.getResponseBody().write(list);
			exchange.close();
		});
		vllm.start();
		try {
			Path file = this.folder.resolve("models.yml");
			Files.writeString(file, """
					upstreams: {gpu: {kind: vllm, url: 'http://127.0.0.1:%d'}}
					models: [{id: ft-v2, upstream: gpu, upstream-model: aviculture-lora-v2}]"""
				.formatted(vllm.getAddress().getPort()));

			assertThat(rootMessage(catchThrowable(() -> start(file)))).contains("Alias 'ft-v2'", file.toString(),
					"'aviculture-lora-v2'", "upstream 'gpu'", "aviculture-lora-v1", "--lora-modules");
		}
		finally {
			vllm.stop(0);
		}
	}

	@Test
	void a_vllm_upstream_that_is_down_at_start_does_not_stop_start_up() throws IOException {
		int closed;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = probe.getLocalPort();
		}
		Path file = this.folder.resolve("models.yml");
		Files.writeString(file, """
				upstreams: {gpu: {kind: vllm, url: 'http://127.0.0.1:%d'}}
				models: [{id: ft-v1, upstream: gpu, upstream-model: aviculture-lora-v1}]""".formatted(closed));

		assertThat(catchThrowable(() -> start(file))).isNull();
	}

	private static void start(Path modelsFile) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(InteliaLlmApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run("--llm.provider=simulator", "--llm.models-file=" + modelsFile, "--logging.level.root=OFF",
					"--observability.upstream-check.interval=1h")) {
			// Started: the file was accepted.
		}
	}

	/**
	 * What start-up does with a models file, in its order (ModelsConfiguration, then
	 * ProviderRegistry, then ModelCatalog), with the providers and upstream kinds of the
	 * running application.
	 */
	private static void check(Path modelsFile) {
		LlmProperties properties = application.getBean(LlmProperties.class);
		ModelsFile file = ModelsFile.read(application, modelsFile.toString());
		ProviderRegistry registry = Registries.registry(
				application.getBeanProvider(ProviderFactory.class).orderedStream().toList(),
				application.getBeanProvider(UpstreamKind.class).orderedStream().toList(),
				new NamedUpstreams(file.upstreams()), properties);
		new ModelCatalog(file, registry);
	}

	private static void assertMistake(String name, Path file, Throwable failure, String expected) {
		assertThat(failure).as(name).isNotNull();
		String message = rootMessage(failure);
		assertThat(message).contains(file.toString());
		for (String part : expected.split(",")) {
			assertThat(message).contains(part);
		}
	}

	private static String rootMessage(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

}
