package com.intelia.llm.provider.simulator;

import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the in-process simulator.
 *
 * @param ttftMs time to the first streamed token, in milliseconds
 * ({@code SIMULATOR_TTFT_MS})
 * @param itlMs delay between two streamed tokens, in milliseconds
 * ({@code SIMULATOR_ITL_MS})
 */
@Validated
@ConfigurationProperties("llm.simulator")
public record SimulatorProperties(@PositiveOrZero @DefaultValue("150") long ttftMs,
		@PositiveOrZero @DefaultValue("20") long itlMs) {
}
