package com.intelia.llm.prompt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pinned version renders the same forever. {@code released-prompts.sha256} holds the
 * fingerprint of every bundled version, rendered in every combination of its enumerated
 * variables; a change to a released file (or to the renderer) that alters what it sends
 * fails here. A new version is registered once with {@code ./mvnw -o test
 * -Dtest=ReleasedPromptsTest -Dprompts.release=true}, which only appends lines.
 */
class ReleasedPromptsTest {

	static final Path FINGERPRINTS = Path.of("src/test/resources/released-prompts.sha256");

	@Test
	void every_released_version_renders_exactly_as_when_it_was_released() throws IOException {
		Map<String, String> released = read();
		Map<String, String> current = fingerprints();
		List<String> missing = new ArrayList<>(current.keySet());
		missing.removeAll(released.keySet());
		if (!missing.isEmpty() && Boolean.getBoolean("prompts.release")) {
			StringBuilder lines = new StringBuilder();
			missing.forEach((key) -> lines.append(key).append(' ').append(current.get(key)).append('\n'));
			Files.writeString(FINGERPRINTS, lines, java.nio.file.StandardOpenOption.APPEND);
			released = read();
		}
		assertThat(released.keySet()).as("bundled versions not registered yet (run with -Dprompts.release=true)")
			.containsAll(current.keySet());
		released.forEach((key, hash) -> assertThat(current.get(key))
			.as("%s no longer renders as released: released versions never change; make a new version", key)
			.isEqualTo(hash));
	}

	private static Map<String, String> read() throws IOException {
		Map<String, String> released = new LinkedHashMap<>();
		for (String line : Files.readAllLines(FINGERPRINTS)) {
			if (!line.isBlank() && !line.startsWith("#")) {
				int space = line.lastIndexOf(' ');
				released.put(line.substring(0, space), line.substring(space + 1));
			}
		}
		return released;
	}

	private static Map<String, String> fingerprints() {
		Map<String, String> fingerprints = new LinkedHashMap<>();
		BundledPrompts.load()
			.stream()
			.sorted(java.util.Comparator.comparing(PromptTemplate::id).thenComparingInt(PromptTemplate::number))
			.forEach((template) -> {
				for (Map<String, String> combination : Combinations.of(template)) {
					fingerprints.put(template.id() + " " + template.version() + " " + Combinations.name(combination),
							sha256(template.render(combination, "")));
				}
			});
		return fingerprints;
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
