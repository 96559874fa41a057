package com.intelia.llm.observability;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs Debian's {@code promtool}. A missing promtool fails the test rather than skipping
 * it: the checks are part of what "done" means ({@code apt-get install prometheus}).
 */
final class Promtool {

	private Promtool() {
	}

	/** Runs promtool with these arguments and input, and asserts it succeeded. */
	static String check(String input, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(executable().toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
		assertThat(process.exitValue()).as("promtool %s said:%n%s", String.join(" ", arguments), output).isZero();
		return output;
	}

	private static Path executable() {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(directory, "promtool");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return fail("promtool is not installed: apt-get update && apt-get install -y prometheus");
	}

}
