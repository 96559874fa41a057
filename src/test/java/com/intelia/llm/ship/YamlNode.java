package com.intelia.llm.ship;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A step into parsed YAML that names the path it could not follow. */
record YamlNode(Object value) {

	YamlNode at(String... path) {
		Object current = this.value;
		for (String step : path) {
			assertThat(current).as("a map above '%s'", step).isInstanceOf(Map.class);
			Map<?, ?> map = (Map<?, ?>) current;
			assertThat(map.containsKey(step)).as("'%s' in %s", step, map.keySet()).isTrue();
			current = map.get(step);
		}
		return new YamlNode(current);
	}

	boolean has(String key) {
		return this.value instanceof Map<?, ?> map && map.containsKey(key);
	}

	String text() {
		return String.valueOf(this.value);
	}

	long number() {
		assertThat(this.value).isInstanceOf(Number.class);
		return ((Number) this.value).longValue();
	}

	boolean bool() {
		assertThat(this.value).isInstanceOf(Boolean.class);
		return (Boolean) this.value;
	}

	List<YamlNode> items() {
		assertThat(this.value).isInstanceOf(List.class);
		return ((List<?>) this.value).stream().map(YamlNode::new).toList();
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> map() {
		assertThat(this.value).isInstanceOf(Map.class);
		return (Map<String, Object>) this.value;
	}

	List<String> keys() {
		return List.copyOf(map().keySet());
	}

}
