package com.intelia.llm.error;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** What the one error handler answers for failures nobody explained. */
class ApiExceptionHandlerTest {

	@Test
	void our_own_failure_is_a_500_that_leaks_nothing() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		new ApiExceptionHandler().other(new NullPointerException("secret internals"), new MockHttpServletRequest(),
				response);

		assertThat(response.getStatus()).isEqualTo(500);
		assertThat(response.getContentAsString()).contains("\"code\":\"internal_error\"")
			.doesNotContain("secret internals")
			.doesNotContain("NullPointerException");
	}

}
