package com.intelia.llm.observability;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code LOG_FORMAT=json} selects Spring Boot's structured JSON on the console; anything
 * else keeps the text pattern; {@code LOG_LEVEL} sets the root level.
 */
class LogFormatTest {

	@Test
	void log_format_json_selects_structured_ecs_logging() throws Exception {
		assertThat(environment(Map.of("LOG_FORMAT", "json")).getProperty("logging.structured.format.console"))
			.isEqualTo("ecs");
	}

	@Test
	void text_or_no_log_format_keeps_the_pattern() throws Exception {
		assertThat(environment(Map.of()).getProperty("logging.structured.format.console")).isEmpty();
		assertThat(environment(Map.of("LOG_FORMAT", "text")).getProperty("logging.structured.format.console"))
			.isEmpty();
	}

	@Test
	void log_level_sets_the_root_level() throws Exception {
		assertThat(environment(Map.of("LOG_LEVEL", "DEBUG")).getProperty("logging.level.root")).isEqualTo("DEBUG");
	}

	private static StandardEnvironment environment(Map<String, Object> variables) throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
		new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))
			.forEach(environment.getPropertySources()::addLast);
		return environment;
	}

}
