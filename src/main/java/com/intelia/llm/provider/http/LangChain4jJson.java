package com.intelia.llm.provider.http;

import java.lang.reflect.Field;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tunes the one Jackson 2 mapper LangChain4j's OpenAI module writes every request and
 * reads every answer and stream chunk with ({@code dev.langchain4j.model.openai.internal
 * .Json}), which it does not let users configure.
 * <ul>
 * <li>Jackson 2 recycles its parse and write buffers per thread by default. On virtual
 * threads, which are never reused, that means two fresh 16 KB buffers for every request
 * and every streamed chunk: a quarter of all the gateway's allocation on the overhead
 * benchmark. A shared pool recycles them across threads.</li>
 * <li>The mapper pretty-prints the requests it sends upstream; compact JSON says the same
 * in fewer bytes.</li>
 * </ul>
 * If a later LangChain4j moves that mapper, nothing breaks: the gateway logs it and runs
 * with LangChain4j's defaults.
 */
final class LangChain4jJson {

	private static final Logger log = LoggerFactory.getLogger(LangChain4jJson.class);

	static final String HOLDER = "dev.langchain4j.model.openai.internal.Json";

	/**
	 * Buffer sets kept between uses (about 32 KB each). Bounded, so that a burst of a
	 * thousand concurrent streams does not leave 30 MB of buffers behind in the heap.
	 */
	static final int POOLED_BUFFER_SETS = 64;

	private static boolean tuned;

	private LangChain4jJson() {
	}

	/** Applies the tuning once; returns whether the mapper was found. */
	static synchronized boolean tune() {
		if (!tuned) {
			ObjectMapper mapper = mapper();
			if (mapper == null) {
				return false;
			}
			mapper.getFactory().setRecyclerPool(JsonRecyclerPools.newBoundedPool(POOLED_BUFFER_SETS));
			mapper.disable(SerializationFeature.INDENT_OUTPUT);
			tuned = true;
		}
		return true;
	}

	/** LangChain4j's mapper, or null if this version has none where expected. */
	static @Nullable ObjectMapper mapper() {
		try {
			Field field = Class.forName(HOLDER).getDeclaredField("OBJECT_MAPPER");
			field.setAccessible(true);
			return (ObjectMapper) field.get(null);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			log.info("LangChain4j's OpenAI JSON mapper was not found ({}); its defaults apply", ex.toString());
			return null;
		}
	}

}
