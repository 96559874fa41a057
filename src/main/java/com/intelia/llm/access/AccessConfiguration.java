package com.intelia.llm.access;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds the access settings and limits what JSON the service will parse.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class AccessConfiguration {

	/**
	 * The builder of the application's {@link JsonMapper}, on a parser factory that
	 * refuses JSON nested deeper than {@code LLM_MAX_JSON_DEPTH}. Jackson 3 fixes the
	 * constraints when the factory is built and a {@link JsonMapperBuilderCustomizer}
	 * cannot swap the factory, so this replaces Spring Boot's builder (which backs off
	 * when one exists) and applies every customizer, Boot's {@code spring.jackson.*} one
	 * included, as Boot would.
	 */
	@Bean
	@Scope("prototype")
	JsonMapper.Builder depthLimitedJsonMapperBuilder(AccessProperties properties,
			ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(properties.maxJsonDepth())
			.build();
		JsonMapper.Builder builder = JsonMapper
			.builder(JsonFactory.builder().streamReadConstraints(constraints).build());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

}
