package com.intelia.llm.apidocs;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.intelia.llm.chat.ChatCompletion;
import com.intelia.llm.chat.ChatCompletionChunk;
import com.intelia.llm.error.ErrorResponse;
import com.intelia.llm.support.GatewayClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document cannot drift from the wire: each schema that documents a record lists
 * exactly the properties the application writes for it, requires those it always writes,
 * admits null where it writes null, and types each as it is written (see
 * {@link WireDrift}). The records are the chat answers, the error envelope, and whatever
 * record an endpoint returns or reads, found from the endpoints themselves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "llm.simulator.ttft-ms=0", "llm.simulator.itl-ms=0" })
class DocumentedRecordsTest {

	/**
	 * Written by hand, as no record describes them: checked by {@code RequestDocsTest}.
	 */
	static final Set<String> REQUEST_SCHEMAS = RequestSchemas.all().keySet();

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	WireDrift drift;

	@BeforeEach
	void document() {
		this.drift = new WireDrift(this.json,
				this.json.readTree(new GatewayClient(this.port).get("/openapi.json").body()));
	}

	@Test
	void the_chat_answers_and_the_error_envelope_are_documented_as_written() {
		checkChatAnswers();

		assertThat(this.drift.problems()).isEmpty();
		assertThat(this.drift.visited()).contains("ChatCompletion.ToolCall", "ChatCompletionChunk.FunctionDelta",
				"Usage", "ErrorResponse.Error");
	}

	@Test
	void every_record_an_endpoint_answers_or_reads_is_documented_as_written() {
		Set<String> checked = checkEndpoints();

		assertThat(this.drift.problems()).isEmpty();
		assertThat(checked).contains("GET /v1/models 200", "GET /v1/models/{id} 200", "GET /v1/prompts 200",
				"GET /v1/prompts/{id}/versions/{version} 200", "POST /v1/prompts/{id}/render body");
	}

	@Test
	void every_schema_of_the_document_is_a_record_checked_here_or_a_request_written_by_hand() {
		checkChatAnswers();
		checkEndpoints();
		Set<String> schemas = new TreeSet<>(documented().propertyNames());

		schemas.removeAll(REQUEST_SCHEMAS);
		assertThat(schemas).isEqualTo(this.drift.visited());
	}

	private void checkChatAnswers() {
		Map.of("ChatCompletion", ChatCompletion.class, "ChatCompletionChunk", ChatCompletionChunk.class,
				"ErrorResponse", ErrorResponse.class)
			.forEach((schema, record) -> this.drift.compare(record, ref(schema)));
	}

	private Set<String> checkEndpoints() {
		Set<String> checked = new TreeSet<>();
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			for (String path : info.getPatternValues()) {
				if (path.startsWith("/v1/")) {
					checked.addAll(check(info, path, handler));
				}
			}
		});
		return checked;
	}

	private Set<String> check(RequestMappingInfo info, String path, HandlerMethod handler) {
		Set<String> checked = new TreeSet<>();
		String method = info.getMethodsCondition().getMethods().iterator().next().name();
		String operation = "/paths/" + path.replace("/", "~1") + "/" + method.toLowerCase();
		JsonNode document = this.drift.document();
		if (handler.getReturnType().getParameterType().isRecord()) {
			this.drift.compare(handler.getReturnType().getParameterType(),
					document.at(operation + "/responses/200/content/application~1json/schema"));
			checked.add(method + " " + path + " 200");
		}
		for (MethodParameter parameter : handler.getMethodParameters()) {
			if (parameter.hasParameterAnnotation(RequestBody.class) && parameter.getParameterType().isRecord()) {
				this.drift.compare(parameter.getParameterType(),
						document.at(operation + "/requestBody/content/application~1json/schema"));
				checked.add(method + " " + path + " body");
			}
		}
		return checked;
	}

	private JsonNode documented() {
		return this.drift.document().at("/components/schemas");
	}

	private JsonNode ref(String schema) {
		return this.json.createObjectNode().put("$ref", "#/components/schemas/" + schema);
	}

}
