package com.intelia.llm.observability;

import com.intelia.llm.exchange.Exchange;
import com.intelia.llm.exchange.Tokens;
import com.intelia.llm.support.LoggingLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** One access line per request, with every field operators need and nothing secret. */
@ExtendWith(OutputCaptureExtension.class)
// It reads its log output: no Spring Boot application may set logging up meanwhile.
@ResourceLock(LoggingLock.KEY)
class AccessLogTest {

	@Test
	void writes_one_line_with_every_field(CapturedOutput output) {
		new AccessLog().onExchange(new Exchange("req-42", "team-a", "intelia-llama-3.1-8b-aviculture", "vllm",
				"aviculture", "v2", true, 200, "client_disconnect", 2_500_000_000L, 2_400_000_000L, 300_000_000L,
				new Tokens(62, 24), true));

		// The whole field: another class running beside this one may log a generated id
		// that starts with 42.
		assertThat(output.getOut().lines().filter((line) -> line.contains("request_id=req-42 "))).singleElement()
			.asString()
			.contains("request_id=req-42", "caller=team-a", "model=intelia-llama-3.1-8b-aviculture", "provider=vllm",
					"prompt=aviculture", "prompt_version=v2", "stream=true", "status=200", "error=client_disconnect",
					"duration_ms=2500", "upstream_ms=2400", "ttft_ms=300", "prompt_tokens=62", "completion_tokens=24",
					"total_tokens=86", "client_disconnected=true");
	}

	@Test
	void marks_absent_values_with_a_dash(CapturedOutput output) {
		new AccessLog().onExchange(new Exchange("req-43", null, null, null, null, null, false, 404, "not_found",
				1_000_000, 0, -1, null, false));

		assertThat(output.getOut()).contains("request_id=req-43 caller=- model=- provider=- prompt=- prompt_version=-",
				"ttft_ms=- prompt_tokens=-");
	}

}
