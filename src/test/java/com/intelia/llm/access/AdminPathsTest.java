package com.intelia.llm.access;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets through to {@code /v1/datasets} (admin keys only; off without any key) and
 * where an admin key is refused (everywhere else). 200 means the filter let the request
 * through.
 */
class AdminPathsTest {

	@ParameterizedTest(name = "keys [{0}] admin [{1}]: {2} {3} with [{4}] -> {5}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			-           | -            | GET  | /v1/datasets/export   | -          | 404
			-           | -            | GET  | /v1/datasets/export   | anything   | 404
			-           | -            | POST | /v1/chat/completions  | -          | 200
			app:sk-app  | -            | GET  | /v1/datasets/export   | sk-app     | 403
			app:sk-app  | -            | GET  | /v1/datasets/export   | -          | 401
			app:sk-app  | ops:sk-ops   | GET  | /v1/datasets/export   | sk-ops     | 200
			app:sk-app  | ops:sk-ops   | DELETE | /v1/datasets/captures | sk-ops   | 200
			app:sk-app  | ops:sk-ops   | GET  | /v1/datasets/export   | sk-app     | 403
			app:sk-app  | ops:sk-ops   | GET  | /v1/datasets/export   | sk-wrong   | 401
			app:sk-app  | ops:sk-ops   | POST | /v1/chat/completions  | sk-ops     | 403
			app:sk-app  | ops:sk-ops   | POST | /v1/feedback          | sk-ops     | 403
			app:sk-app  | ops:sk-ops   | POST | /v1/chat/completions  | sk-app     | 200
			app:sk-app  | ops:sk-ops   | GET  | /health               | -          | 200
			-           | ops:sk-ops   | GET  | /v1/datasets/export   | -          | 401
			-           | ops:sk-ops   | GET  | /v1/datasets/export   | sk-ops     | 200
			-           | ops:sk-ops   | POST | /v1/chat/completions  | -          | 200
			""")
	void guards_the_dataset_paths(String keys, String adminKeys, String method, String path, String key, int status)
			throws Exception {
		AccessProperties properties = new AccessProperties((keys != null) ? keys : "", "", true, true,
				new AccessProperties.RateLimit(0, 0), new AccessProperties.Concurrency(64, 0, 250), 64, 0,
				(adminKeys != null) ? adminKeys : "");
		ApiKeyFilter filter = new ApiKeyFilter(new ApiKeys(properties), properties);
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setServletPath(path);
		if (key != null) {
			request.addHeader("Authorization", "Bearer " + key);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();

		filter.doFilter(request, response, new MockFilterChain());

		assertThat(response.getStatus()).isEqualTo(status);
	}

}
