package com.intelia.llm.apidocs;

import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Tells a record's schema what its JSpecify and Jackson annotations already say, which
 * swagger-core does not read: a component that is not {@code @Nullable} is always
 * written, so required; a {@code @Nullable} one is left out when null, unless its
 * inclusion is {@code ALWAYS}: then it is always written and its type admits null.
 * Registered as a bean, springdoc applies it to every record it documents.
 */
final class RecordNullness implements ModelConverter {

	private final JsonInclude.Include defaultInclusion;

	/**
	 * @param defaultInclusion the application's
	 * {@code spring.jackson.default-property-inclusion}
	 */
	RecordNullness(JsonInclude.Include defaultInclusion) {
		this.defaultInclusion = defaultInclusion;
	}

	@Override
	@SuppressWarnings("rawtypes")
	public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
		Schema resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
		if (resolved == null || type.getType() == null) {
			return resolved;
		}
		Class<?> raw = TypeFactory.defaultInstance().constructType(type.getType()).getRawClass();
		if (!raw.isRecord()) {
			return resolved;
		}
		Schema model = (resolved.get$ref() != null)
				? context.getDefinedModels().get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1))
				: resolved;
		if (model != null && model.getProperties() != null) {
			describe(raw, model);
		}
		return resolved;
	}

	@Override
	public boolean isOpenapi31() {
		return true;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void describe(Class<?> record, Schema model) {
		for (RecordComponent component : record.getRecordComponents()) {
			String name = jsonName(component);
			Schema property = (Schema) model.getProperties().get(name);
			if (property == null) {
				continue;
			}
			boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
			JsonInclude.Include inclusion = inclusion(record, component);
			if (inclusion == JsonInclude.Include.ALWAYS || (!nullable
					&& (inclusion == JsonInclude.Include.NON_NULL || inclusion == JsonInclude.Include.NON_ABSENT))) {
				required(model, name);
			}
			if (nullable && inclusion == JsonInclude.Include.ALWAYS) {
				model.getProperties().put(name, orNull(property));
			}
		}
	}

	/**
	 * The name Jackson writes: {@code @JsonProperty} reaches the accessor from the
	 * component.
	 */
	static String jsonName(RecordComponent component) {
		JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
		return (property != null && !property.value().isEmpty()) ? property.value() : component.getName();
	}

	private JsonInclude.Include inclusion(Class<?> record, RecordComponent component) {
		for (JsonInclude include : new JsonInclude[] { component.getAccessor().getAnnotation(JsonInclude.class),
				record.getAnnotation(JsonInclude.class) }) {
			if (include != null && include.value() != JsonInclude.Include.USE_DEFAULTS) {
				return include.value();
			}
		}
		return this.defaultInclusion;
	}

	@SuppressWarnings("rawtypes")
	private static void required(Schema model, String name) {
		List<String> required = model.getRequired();
		if (required == null || !required.contains(name)) {
			model.addRequiredItem(name);
		}
	}

	/** The same schema, admitting null: a type more, or any of it and null for a $ref. */
	@SuppressWarnings("rawtypes")
	private static Schema orNull(Schema property) {
		if (property.get$ref() != null) {
			return new Schema<>().anyOf(List.of(property, new Schema<>().types(Set.of("null"))));
		}
		Set<String> types = property.getTypes();
		if (types != null && !types.isEmpty() && !types.contains("null")) {
			Set<String> widened = new LinkedHashSet<>(types);
			widened.add("null");
			property.setTypes(widened);
		}
		return property;
	}

}
