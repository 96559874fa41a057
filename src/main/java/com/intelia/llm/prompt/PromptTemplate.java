package com.intelia.llm.prompt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.intelia.llm.error.ApiException;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import org.jspecify.annotations.Nullable;

/**
 * One parsed version of a prompt, ready to render.
 *
 * @param id the prompt id (its folder)
 * @param number the version number: {@code 2} for {@code v2.md}
 * @param description one line from the front matter, or null
 * @param changelog what changed in this version, from the front matter
 * @param variables the declared and used variables, declared ones first
 * @param text the template body, as written
 * @param origin whether the file is bundled or comes from {@code PROMPTS_DIR}
 * @param compiled the compiled Mustache template
 */
record PromptTemplate(String id, int number, @Nullable String description, List<String> changelog,
		List<PromptVariable> variables, String text, Origin origin, Template compiled) {

	/** Where a version comes from. */
	enum Origin {

		/** Packaged in the jar from the top-level {@code prompts/} folder. */
		BUNDLED,

		/** Read from {@code PROMPTS_DIR}. */
		PROMPTS_DIR

	}

	PromptTemplate {
		changelog = List.copyOf(changelog);
		variables = List.copyOf(variables);
	}

	/** The version as callers write it: {@code v2}. */
	String version() {
		return "v" + this.number;
	}

	/**
	 * The system text for these values. A value for an unknown variable, a value an
	 * enumerated variable does not allow, or a required variable with no value, is a 400
	 * naming {@code paramPrefix + name}.
	 */
	String render(Map<String, String> given, String paramPrefix) {
		Map<String, Object> values = new HashMap<>();
		for (PromptVariable variable : this.variables) {
			if (variable.defaultValue() != null) {
				values.put(variable.name(), variable.defaultValue());
			}
		}
		given.forEach((name, value) -> {
			if (this.variables.stream().noneMatch((variable) -> variable.name().equals(name))) {
				throw ApiException.invalidParam(paramPrefix + shorten(name), "Prompt '" + this.id + "' " + version()
						+ " has no variable '" + shorten(name) + "'; its variables are: " + names() + ".");
			}
			values.put(name, value);
		});
		for (PromptVariable variable : this.variables) {
			if (variable.required() && !values.containsKey(variable.name())) {
				throw missing(variable.name(), paramPrefix);
			}
			if (variable.enumerated()) {
				values.put(variable.name(), choice(variable, values.get(variable.name()), paramPrefix));
			}
		}
		try {
			return this.compiled.execute(values).strip();
		}
		catch (MustacheException.Context ex) {
			throw missing(ex.key, paramPrefix);
		}
	}

	/**
	 * What an enumerated variable renders as: a {@link Choice} whose chosen value's
	 * section ({@code {{#species.broiler}}}) opens. Unset (absent or empty), it is a
	 * choice of nothing: every value section stays closed, and its text is empty, so
	 * {@code {{^species}}} opens.
	 */
	private Choice choice(PromptVariable variable, @Nullable Object value, String paramPrefix) {
		String chosen = (value != null) ? value.toString() : "";
		List<String> allowed = java.util.Objects.requireNonNull(variable.values());
		if (!chosen.isEmpty() && !allowed.contains(chosen)) {
			throw ApiException.invalidParam(paramPrefix + variable.name(),
					"Prompt '" + this.id + "' " + version() + " accepts for '" + variable.name() + "' only "
							+ String.join(", ", allowed) + ", or an empty value for none.");
		}
		return new Choice(chosen, allowed);
	}

	private ApiException missing(String name, String paramPrefix) {
		return ApiException.invalidParam(paramPrefix + name, "Prompt '" + this.id + "' " + version()
				+ " needs the variable '" + name + "', which has no default: give it in '" + paramPrefix + name + "'.");
	}

	private String names() {
		return this.variables.isEmpty() ? "none"
				: String.join(", ", this.variables.stream().map(PromptVariable::name).toList());
	}

	private static String shorten(String name) {
		return (name.length() > 64) ? name.substring(0, 64) + "..." : name;
	}

}
