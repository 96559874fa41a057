package com.intelia.llm.apidocs;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /openapi.json} and Swagger UI at {@code /docs}. The
 * controllers stay free of documentation annotations: this configuration describes the
 * chat endpoint in full and adds what springdoc cannot infer (auth, errors, streaming).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

	static final String CHAT_PATH = "/v1/chat/completions";

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

	@Bean
	OpenApiCustomizer chatCompletionDocs() {
		return (openApi) -> {
			ChatSchemas.all().forEach(openApi.getComponents()::addSchemas);
			openApi.path(CHAT_PATH, new PathItem().post(ChatOperationDocs.operation()));
			openApi.getPaths().forEach((path, item) -> item.readOperations().forEach((operation) -> {
				if (path.startsWith("/v1/models")) {
					// Replaces springdoc's "models-controller" tag; annotated tags stay.
					operation.setTags(List.of("Models"));
				}
				if (!path.equals(CHAT_PATH) && (operation.getResponses().get("401") == null)) {
					operation.getResponses().addApiResponse("401", ErrorExamples.ALL.get("401").response());
				}
			}));
			UnusedSchemas.remove(openApi, ChatSchemas.all().keySet());
		};
	}

}
