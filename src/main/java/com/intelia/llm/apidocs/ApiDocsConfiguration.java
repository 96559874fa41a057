package com.intelia.llm.apidocs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document at {@code /openapi.json} and Swagger UI at {@code /docs}.
 * springdoc infers the annotated controllers; this configuration describes the chat
 * endpoint, which reads and writes its JSON itself, and adds what springdoc cannot infer
 * (auth, errors, streaming, required and nullable properties).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

	@Bean
	OpenAPI openApi() {
		return new OpenAPI()
			.info(new Info().title("Intelia LLM")
				.version("v1")
				.description("OpenAI-compatible chat completions for poultry production. Point any OpenAI "
						+ "client at this server's /v1. Health is at /health, Prometheus metrics at /metrics."))
			.components(new Components()
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("Authorization: Bearer <key>. Needed only when LLM_API_KEYS is set."))
				.addSecuritySchemes("apiKey",
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("X-Api-Key")
							.description("X-Api-Key: <key>, the same keys as Bearer.")))
			// Either scheme, or none when LLM_API_KEYS is empty: the empty requirement
			// marks authentication as optional.
			.security(List.of(new SecurityRequirement().addList("bearer"), new SecurityRequirement().addList("apiKey"),
					new SecurityRequirement()));
	}

	/**
	 * Registered with springdoc, so that every record it documents says which properties
	 * are always written and which may be null.
	 */
	@Bean
	RecordNullness recordNullness(JsonMapper json) {
		return new RecordNullness(defaultInclusion(json));
	}

	@Bean
	@SuppressWarnings("rawtypes")
	OpenApiCustomizer chatCompletionDocs(JsonMapper json) {
		return (openApi) -> {
			Map<String, Schema> documented = new LinkedHashMap<>(WireSchemas.generate(defaultInclusion(json)));
			documented.putAll(RequestSchemas.all());
			documented.forEach(openApi.getComponents()::addSchemas);
			openApi.path(ChatOperationDocs.PATH, new PathItem().post(ChatOperationDocs.operation()));
			EndpointDocs.complete(openApi);
			new UnusedSchemas().removeFrom(openApi, documented);
		};
	}

	/**
	 * {@code spring.jackson.default-property-inclusion}, as the answers are written with
	 * it.
	 */
	private static JsonInclude.Include defaultInclusion(JsonMapper json) {
		JsonInclude.Include inclusion = json.serializationConfig().getDefaultPropertyInclusion().getValueInclusion();
		return (inclusion == JsonInclude.Include.USE_DEFAULTS) ? JsonInclude.Include.ALWAYS : inclusion;
	}

}
