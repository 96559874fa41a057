package com.intelia.llm.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a run's report: {@code <prompt>-<version>.json} for machines (and later
 * comparisons), {@code <prompt>-<version>.md} for people, with the failures and their
 * answers.
 */
final class ReportWriter {

	static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private ReportWriter() {
	}

	/** Writes both files and returns the Markdown one. */
	static Path write(EvalReport report, Path folder) {
		String name = report.prompt() + "-" + report.version();
		Path markdown = folder.resolve(name + ".md");
		write(folder.resolve(name + ".json"), JSON.writeValueAsString(report));
		write(markdown, markdown(report));
		return markdown;
	}

	static void write(Path file, String text) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
	}

	static String markdown(EvalReport report) {
		StringBuilder text = new StringBuilder();
		text.append("# Evaluation of ").append(report.prompt()).append(' ').append(report.version()).append("\n\n");
		text.append("- Model alias: `")
			.append(report.model())
			.append("`; upstream: ")
			.append(report.upstreamModels().isEmpty() ? "none answered" : String.join(", ", report.upstreamModels()))
			.append('\n');
		text.append("- Gateway: ").append(report.gateway()).append("; cases: `").append(report.cases()).append("`\n");
		text.append("- Started ")
			.append(report.startedAt())
			.append(", took ")
			.append(report.durationMillis() / 1000.0)
			.append(" s\n");
		if (!report.droppedVariables().isEmpty()) {
			text.append("- Not sent (")
				.append(report.version())
				.append(" does not declare them): ")
				.append(report.droppedVariables())
				.append('\n');
		}
		text.append("\n**Passed ")
			.append(report.passed())
			.append(" of ")
			.append(report.total())
			.append(" (")
			.append(percent(report.passRate()))
			.append(")**; answered by ")
			.append(report.version())
			.append(": ")
			.append(report.answered())
			.append(" of ")
			.append(report.total())
			.append(".\n\n");
		categories(report.categories(), text);
		failures(report.results(), text);
		return text.toString();
	}

	static String percent(double rate) {
		return String.format(Locale.ROOT, "%.1f %%", rate * 100);
	}

	private static void categories(List<EvalReport.CategoryScore> categories, StringBuilder text) {
		text.append("## By category\n\n| Category | Passed | Cases | Pass rate |\n|---|---:|---:|---:|\n");
		for (EvalReport.CategoryScore category : categories) {
			text.append("| ")
				.append(category.category())
				.append(" | ")
				.append(category.passed())
				.append(" | ")
				.append(category.total())
				.append(" | ")
				.append(percent(category.passRate()))
				.append(" |\n");
		}
		text.append('\n');
	}

	private static void failures(List<CaseResult> results, StringBuilder text) {
		text.append("## Failures\n\n");
		List<CaseResult> failed = results.stream().filter((result) -> !result.passed()).toList();
		if (failed.isEmpty()) {
			text.append("None.\n");
		}
		for (CaseResult result : failed) {
			text.append("### ")
				.append(result.id())
				.append(" (")
				.append(result.category())
				.append(", ")
				.append(result.language())
				.append(")\n\n");
			result.failures().forEach((failure) -> text.append("- ").append(failure).append('\n'));
			text.append('\n');
			String answer = result.answer().isBlank() ? "(no answer)" : result.answer().strip();
			answer.lines().forEach((line) -> text.append("> ").append(line).append('\n'));
			text.append('\n');
		}
	}

}
