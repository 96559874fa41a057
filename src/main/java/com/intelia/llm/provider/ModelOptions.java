package com.intelia.llm.provider;

/**
 * Model-level switches that LangChain4j fixes when a model is built rather than per
 * request. A provider keeps one model per combination it is asked for.
 *
 * @param strictJsonSchema whether {@code response_format.json_schema.strict} is true
 */
public record ModelOptions(boolean strictJsonSchema) {

	/** The default options. */
	public static final ModelOptions DEFAULT = new ModelOptions(false);

}
