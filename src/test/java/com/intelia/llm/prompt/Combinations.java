package com.intelia.llm.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every way a version can render with its defaults: each value of each enumerated
 * variable, and unset. A version without enumerations renders one way.
 */
final class Combinations {

	private Combinations() {
	}

	/** Each combination as variable values, in declaration order; unset is left out. */
	static List<Map<String, String>> of(PromptTemplate template) {
		List<Map<String, String>> combinations = new ArrayList<>();
		combinations.add(new LinkedHashMap<>());
		for (PromptVariable variable : template.variables()) {
			if (!variable.enumerated()) {
				continue;
			}
			List<Map<String, String>> next = new ArrayList<>();
			for (Map<String, String> combination : combinations) {
				next.add(combination);
				for (String value : variable.values()) {
					Map<String, String> extended = new LinkedHashMap<>(combination);
					extended.put(variable.name(), value);
					next.add(extended);
				}
			}
			combinations = next;
		}
		return combinations;
	}

	/** How a combination is named in reports: {@code species=broiler audience=vet}. */
	static String name(Map<String, String> combination) {
		if (combination.isEmpty()) {
			return "defaults";
		}
		List<String> parts = new ArrayList<>();
		combination.forEach((name, value) -> parts.add(name + "=" + value));
		return String.join(" ", parts);
	}

}
