package com.intelia.llm.provider.http;

import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LangChain4j's OpenAI mapper, once tuned, recycles buffers across virtual threads and
 * writes compact JSON. Fails if LangChain4j moves the mapper, so an upgrade that loses
 * the tuning is noticed.
 */
class LangChain4jJsonTest {

	@Test
	void the_mapper_is_found_and_tuned() throws Exception {
		assertThat(LangChain4jJson.tune()).isTrue();
		ObjectMapper mapper = LangChain4jJson.mapper();
		assertThat(mapper).isNotNull();
		assertThat(mapper.isEnabled(SerializationFeature.INDENT_OUTPUT)).isFalse();
		assertThat(mapper.writeValueAsString(java.util.Map.of("a", java.util.List.of(1, 2))))
			.isEqualTo("{\"a\":[1,2]}");
	}

	@Test
	void a_buffer_released_on_one_virtual_thread_is_reused_on_another() throws Exception {
		LangChain4jJson.tune();
		RecyclerPool<BufferRecycler> pool = LangChain4jJson.mapper().getFactory()._getRecyclerPool();
		AtomicReference<BufferRecycler> first = new AtomicReference<>();
		AtomicReference<BufferRecycler> second = new AtomicReference<>();

		Thread.ofVirtual().start(() -> {
			BufferRecycler recycler = pool.acquireAndLinkPooled();
			first.set(recycler);
			recycler.releaseToPool();
		}).join();
		Thread.ofVirtual().start(() -> {
			BufferRecycler recycler = pool.acquireAndLinkPooled();
			second.set(recycler);
			recycler.releaseToPool();
		}).join();

		assertThat(second.get()).isSameAs(first.get());
	}

}
