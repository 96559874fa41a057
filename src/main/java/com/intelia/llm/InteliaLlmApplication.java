package com.intelia.llm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Intelia LLM: an OpenAI-compatible gateway that answers through a configured model with
 * Intelia's poultry-production prompts.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IntelliaLlmApplication {

	public static void main(String[] args) {
		SpringApplication.run(IntelliaLlmApplication.class, args);
	}

}
