package com.intelia.llm;

import java.util.Arrays;

import com.intelia.llm.check.CheckCommand;
import com.intelia.llm.eval.EvalCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Intelia LLM: an OpenAI-compatible gateway that answers through a configured model with
 * Intelia's poultry-production prompts.
 * <p>
 * The jar is also its own tools, chosen by the first argument: {@code check} runs the
 * smoke check against the configured provider, {@code eval} runs the prompt evaluation
 * set against a running gateway. Each builds what it needs itself, so the server's
 * start-up is untouched by them.
 * <p>
 * Spring Boot's error page ({@code /error}) is left out: it answered in its own shape,
 * not OpenAI's, for what the container rejects while reading a request (a chunked body's
 * oversized trailer), and with a 500 to anyone asking for {@code /error}. Without it, the
 * container's errors go to {@code web.JsonErrorReportValve}, and {@code /error} is an
 * unknown path like any other.
 */
@SpringBootApplication(exclude = ErrorMvcAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class InteliaLlmApplication {

	public static void main(String[] args) {
		String command = (args.length > 0) ? args[0] : "";
		String[] rest = (args.length > 0) ? Arrays.copyOfRange(args, 1, args.length) : args;
		switch (command) {
			case "check" -> CheckCommand.main(rest);
			case "eval" -> EvalCommand.main(rest);
			default -> SpringApplication.run(InteliaLlmApplication.class, args);
		}
	}

}
