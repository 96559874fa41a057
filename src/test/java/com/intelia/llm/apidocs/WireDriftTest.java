package com.intelia.llm.apidocs;

import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift check itself: silent when a schema says what its record writes, and naming
 * the place of each way they can disagree.
 */
class WireDriftTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Reading(String id, @JsonProperty("house_id") int houseId, @Nullable String note,
			@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String alarm, Sensor sensor) {
	}

	record Sensor(String kind) {
	}

	@Test
	void a_schema_that_says_what_the_record_writes_has_no_drift() {
		WireDrift drift = new WireDrift(JSON, document((schemas) -> {
		})).compare(Reading.class, ref("Reading"));

		assertThat(drift.problems()).isEmpty();
		assertThat(drift.visited()).containsExactly("Reading", "Sensor");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("disagreements")
	void a_schema_that_disagrees_with_its_record_is_reported_where_it_disagrees(String change,
			Consumer<ObjectNode> edit, String problem) {
		WireDrift drift = new WireDrift(JSON, document(edit)).compare(Reading.class, ref("Reading"));

		assertThat(drift.problems()).as(change).containsExactly(problem);
	}

	static Stream<Arguments> disagreements() {
		String written = "written [alarm, house_id, id, note, sensor]";
		return Stream.of(
				Arguments.of("a written property undocumented",
						edit((schemas) -> properties(schemas, "Reading").remove("note")),
						"Reading properties: documented [alarm, house_id, id, sensor], " + written),
				Arguments.of("a documented property never written",
						edit((schemas) -> properties(schemas, "Reading").putObject("extra").put("type", "string")),
						"Reading properties: documented [alarm, extra, house_id, id, note, sensor], " + written),
				Arguments.of("an optional property required",
						edit((schemas) -> ((ObjectNode) schemas.get("Reading")).withArray("required").add("note")),
						"Reading required: documented [alarm, house_id, id, note, sensor], "
								+ "written [alarm, house_id, id, sensor]"),
				Arguments.of("a wrong type",
						edit((schemas) -> property(schemas, "Reading", "house_id").put("type", "string")),
						"Reading.house_id: documented as [string], written as NUMBER"),
				Arguments.of("a null written but not documented",
						edit((schemas) -> property(schemas, "Reading", "alarm").put("type", "string")),
						"Reading.alarm: written as null true, documented as null false"),
				Arguments.of("a null documented but never written", edit(
						(schemas) -> property(schemas, "Reading", "note").putArray("type").add("string").add("null")),
						"Reading.note: written as null false, documented as null true"),
				Arguments.of("a nested record's drift",
						edit((schemas) -> property(schemas, "Sensor", "kind").put("type", "integer")),
						"Reading.sensor.kind: documented as [integer], written as STRING"));
	}

	private static Consumer<ObjectNode> edit(Consumer<ObjectNode> edit) {
		return edit;
	}

	private static ObjectNode properties(ObjectNode schemas, String schema) {
		return (ObjectNode) schemas.get(schema).get("properties");
	}

	private static ObjectNode property(ObjectNode schemas, String schema, String property) {
		return (ObjectNode) properties(schemas, schema).get(property);
	}

	private static ObjectNode ref(String name) {
		return JSON.createObjectNode().put("$ref", "#/components/schemas/" + name);
	}

	/** What the generator documents for {@code Reading}, then edited. */
	private static ObjectNode document(Consumer<ObjectNode> edit) {
		ObjectNode document = (ObjectNode) JSON.readTree("""
				{"components":{"schemas":{
				  "Reading":{"type":"object","properties":{
				    "id":{"type":"string"},"house_id":{"type":"integer"},"note":{"type":"string"},
				    "alarm":{"type":["string","null"]},"sensor":{"$ref":"#/components/schemas/Sensor"}},
				    "required":["alarm","house_id","id","sensor"]},
				  "Sensor":{"type":"object","properties":{"kind":{"type":"string"}},"required":["kind"]}}}}""");
		edit.accept((ObjectNode) document.at("/components/schemas"));
		return document;
	}

}
