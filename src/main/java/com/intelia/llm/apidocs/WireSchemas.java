package com.intelia.llm.apidocs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.intelia.llm.chat.ChatCompletion;
import com.intelia.llm.chat.ChatCompletionChunk;
import com.intelia.llm.error.ErrorResponse;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverterContextImpl;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Schema;

/**
 * The schemas of the chat endpoint's answers, generated from the records it writes, so
 * that names, types, required properties and nulls follow the records. The endpoint
 * writes them itself, so springdoc never sees them; and a record nested in another is
 * named after it ({@code ChatCompletion.Choice}), as both answers have a {@code Choice}.
 */
final class WireSchemas {

	/** The records the chat endpoint writes, outermost first. */
	static final List<Class<?>> RECORDS = List.of(ChatCompletion.class, ChatCompletionChunk.class, ErrorResponse.class);

	private WireSchemas() {
	}

	/**
	 * Every schema the records need, by component name, with {@link WireNotes} applied.
	 */
	@SuppressWarnings("rawtypes")
	static Map<String, Schema> generate(JsonInclude.Include defaultInclusion) {
		ModelConverterContextImpl context = new ModelConverterContextImpl(List.of(new RecordNullness(defaultInclusion),
				new ModelResolver(Json31.mapper(), new NestedNames()).openapi31(true)));
		RECORDS.forEach((type) -> context.resolve(new AnnotatedType(type)));
		Map<String, Schema> schemas = new TreeMap<>(context.getDefinedModels());
		WireNotes.apply(schemas);
		return schemas;
	}

	/** A reference to a component schema. */
	static Schema<?> ref(String name) {
		return new Schema<>().$ref("#/components/schemas/" + name);
	}

	/** Names a record nested in a record after its owner. */
	private static final class NestedNames extends TypeNameResolver {

		@Override
		protected String getNameOfClass(Class<?> type) {
			Class<?> owner = type.getEnclosingClass();
			return (owner != null && owner.isRecord()) ? getNameOfClass(owner) + "." + type.getSimpleName()
					: type.getSimpleName();
		}

	}

}
