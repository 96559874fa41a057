package com.intelia.llm.access;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two places the load limits rely on Tomcat's behaviour; each fails loudly if Tomcat
 * stops behaving so.
 */
class TomcatHooksTest {

	@Test
	void tomcat_sizes_a_responses_buffers_from_the_protocols_desired_buffer_size() {
		Connector connector = new Connector(new LeanHttp11NioProtocol());

		assertThat(connector.createResponse(new org.apache.coyote.Response()).getBufferSize())
			.isEqualTo(LeanHttp11NioProtocol.RESPONSE_BUFFER_BYTES);
	}

	@Test
	void a_busy_service_asks_to_close_the_connection_when_the_answer_starts() throws Exception {
		boolean[] busy = { false };
		MockHttpServletResponse quiet = new MockHttpServletResponse();
		MockHttpServletResponse loaded = new MockHttpServletResponse();

		new CloseWhenBusy(quiet, () -> busy[0]).getOutputStream();
		CloseWhenBusy answer = new CloseWhenBusy(loaded, () -> busy[0]);
		busy[0] = true;
		answer.getOutputStream();

		assertThat(quiet.getHeader("Connection")).isNull();
		assertThat(loaded.getHeader("Connection")).as("busy when the answer starts, not on arrival").isEqualTo("close");
	}

}
