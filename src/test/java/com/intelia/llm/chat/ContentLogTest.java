package com.intelia.llm.chat;

import com.intelia.llm.support.GatewayClient;
import com.intelia.llm.support.GatewayTest;
import com.intelia.llm.support.LoggingLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prompt and answer text stay out of the logs at INFO, and appear only when debugging is
 * switched on for them.
 */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
// It reads its log output: no Spring Boot application may set logging up meanwhile.
@ResourceLock(LoggingLock.KEY)
class ContentLogTest {

	private static final String BODY = """
			{"model":"intelia-llama-3.1-8b-aviculture","messages":[{"role":"user","content":"Zorglub-4242 lighting?"}]}""";

	@LocalServerPort
	int port;

	@Autowired
	LoggingSystem logging;

	@AfterEach
	void reset() {
		this.logging.setLogLevel("com.intelia.llm.content", null);
	}

	@Test
	void prompt_and_answer_text_are_not_logged_at_info(CapturedOutput output) {
		new GatewayClient(this.port).post("/v1/chat/completions", BODY);
		assertThat(output.getAll()).doesNotContain("Zorglub-4242").doesNotContain("Simulated answer");
	}

	@Test
	void prompt_and_answer_text_are_logged_when_debugging_is_switched_on(CapturedOutput output) {
		this.logging.setLogLevel("com.intelia.llm.content", LogLevel.DEBUG);
		new GatewayClient(this.port).post("/v1/chat/completions", BODY);
		new GatewayClient(this.port).post("/v1/chat/completions",
				BODY.replace("{\"model\"", "{\"stream\":true,\"model\""));
		assertThat(output.getAll()).contains("Zorglub-4242").contains("[Simulated answer]");
	}

}
