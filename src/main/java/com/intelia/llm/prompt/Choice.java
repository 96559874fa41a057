package com.intelia.llm.prompt;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The value chosen for an enumerated variable, as the template sees it. Mustache has no
 * equality test, so the choice is a map from each allowed value to whether it is the
 * chosen one: {@code {{#species.broiler}}} opens only for {@code broiler}. Printed as
 * {@code {{species}}}, it is the chosen value itself.
 */
final class Choice extends AbstractMap<String, Boolean> {

	private final String value;

	private final Map<String, Boolean> sections = new LinkedHashMap<>();

	Choice(String value, List<String> allowed) {
		this.value = value;
		allowed.forEach((candidate) -> this.sections.put(candidate, candidate.equals(value)));
	}

	@Override
	public Set<Entry<String, Boolean>> entrySet() {
		return java.util.Collections.unmodifiableMap(this.sections).entrySet();
	}

	@Override
	public @Nullable Boolean get(@Nullable Object key) {
		return this.sections.get(key);
	}

	@Override
	public String toString() {
		return this.value;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof Choice choice && choice.value.equals(this.value)
				&& choice.sections.equals(this.sections);
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

}
