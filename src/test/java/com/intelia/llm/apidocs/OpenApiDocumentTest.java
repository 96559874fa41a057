package com.intelia.llm.apidocs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import com.intelia.llm.support.GatewayClient;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document stays a valid OpenAPI 3.1 document as far as tools read it: its references
 * resolve, every schema in it is a valid JSON Schema 2020-12 (what OpenAPI 3.1 schemas
 * are), and operations are named once each.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "llm.simulator.ttft-ms=0", "llm.simulator.itl-ms=0" })
class OpenApiDocumentTest {

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	JsonNode document;

	@BeforeEach
	void document() {
		this.document = this.json.readTree(new GatewayClient(this.port).get("/openapi.json").body());
	}

	@Test
	void is_openapi_3_1_with_every_reference_resolved() {
		List<String> refs = new ArrayList<>();
		walk(this.document, (field, value) -> {
			if ("$ref".equals(field) && value.isString()) {
				refs.add(value.asString());
			}
		});

		assertThat(this.document.get("openapi").asString()).startsWith("3.1.");
		assertThat(refs).isNotEmpty()
			.allSatisfy((ref) -> assertThat(this.document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse());
	}

	@Test
	void every_schema_is_valid_json_schema_2020_12() {
		Schema metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
			.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
		Set<JsonNode> schemas = new LinkedHashSet<>();
		this.document.at("/components/schemas").forEach(schemas::add);
		walk(this.document.get("paths"), (field, value) -> {
			if ("schema".equals(field)) {
				schemas.add(value);
			}
		});

		assertThat(schemas).hasSizeGreaterThan(30)
			.allSatisfy((schema) -> assertThat(metaSchema.validate(schema)).as(schema.toString()).isEmpty());
	}

	@Test
	void names_each_operation_once() {
		List<String> ids = new ArrayList<>();
		this.document.get("paths")
			.forEach((item) -> item.forEach((operation) -> ids.add(operation.path("operationId").asString(""))));

		assertThat(ids).doesNotContain("").doesNotHaveDuplicates().contains("createChatCompletion");
	}

	private static void walk(JsonNode node, BiConsumer<String, JsonNode> visit) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				visit.accept(field.getKey(), field.getValue());
				walk(field.getValue(), visit);
			}
		}
		else if (node.isArray()) {
			node.forEach((element) -> walk(element, visit));
		}
	}

}
