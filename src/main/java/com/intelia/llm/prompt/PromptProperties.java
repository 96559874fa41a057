package com.intelia.llm.prompt;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where prompts come from besides the bundled {@code prompts/} folder.
 *
 * @param dir an external folder laid over the bundled prompts, with the same
 * {@code <id>/v<N>.md} layout ({@code PROMPTS_DIR}); empty for none. It may add ids and
 * versions and override bundled versions, and is re-read while the service runs.
 * @param reloadInterval how often that folder is checked for edits
 * ({@code PROMPTS_RELOAD_INTERVAL}); keep it well under 5 s, the promised reload delay
 */
@ConfigurationProperties("llm.prompts")
public record PromptProperties(@Nullable String dir, @DefaultValue("2s") Duration reloadInterval) {

	public PromptProperties {
		if (reloadInterval.isNegative() || reloadInterval.isZero()) {
			throw new IllegalArgumentException("PROMPTS_RELOAD_INTERVAL must be positive, got " + reloadInterval);
		}
	}

	/** Whether an external folder is configured. */
	boolean hasDir() {
		return this.dir != null && !this.dir.isBlank();
	}

}
