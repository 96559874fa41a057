package com.intelia.llm.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two runs side by side: the pass rate overall and per category, and the cases that
 * changed outcome. It is how a new version is judged against the last before it becomes
 * the default; both runs must use the same evaluation set and model.
 */
final class Comparison {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private Comparison() {
	}

	static EvalReport read(Path file) {
		try {
			return JSON.readValue(Files.readString(file), EvalReport.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the report " + file, ex);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(file + " is not a report written by eval: " + ex.getOriginalMessage());
		}
	}

	/** Writes {@code <prompt>-<earlier>-vs-<later>.md} and returns its path. */
	static Path write(EvalReport earlier, EvalReport later, Path folder) {
		Path file = folder.resolve(later.prompt() + "-" + earlier.version() + "-vs-" + later.version() + ".md");
		ReportWriter.write(file, markdown(earlier, later));
		return file;
	}

	static String markdown(EvalReport earlier, EvalReport later) {
		StringBuilder text = new StringBuilder();
		text.append("# ")
			.append(later.prompt())
			.append(' ')
			.append(earlier.version())
			.append(" vs ")
			.append(later.version())
			.append("\n\n");
		if (!earlier.model().equals(later.model()) || !earlier.cases().equals(later.cases())) {
			text.append("**Warning:** the runs differ in model alias or evaluation set; compare with care.\n\n");
		}
		text.append("| | ")
			.append(earlier.version())
			.append(" | ")
			.append(later.version())
			.append(" |\n|---|---:|---:|\n");
		row(text, "**All cases**", earlier.passed(), earlier.total(), later.passed(), later.total());
		Map<String, EvalReport.CategoryScore> before = byCategory(earlier);
		Map<String, EvalReport.CategoryScore> after = byCategory(later);
		Set<String> categories = new LinkedHashSet<>(before.keySet());
		categories.addAll(after.keySet());
		for (String category : categories) {
			EvalReport.CategoryScore old = before.getOrDefault(category, new EvalReport.CategoryScore(category, 0, 0));
			EvalReport.CategoryScore now = after.getOrDefault(category, new EvalReport.CategoryScore(category, 0, 0));
			row(text, category, old.passed(), old.total(), now.passed(), now.total());
		}
		changed(text, "Now failing", earlier, later, true);
		changed(text, "Now passing", earlier, later, false);
		return text.toString();
	}

	private static void row(StringBuilder text, String name, int passedBefore, int totalBefore, int passedAfter,
			int totalAfter) {
		text.append("| ")
			.append(name)
			.append(" | ")
			.append(cell(passedBefore, totalBefore))
			.append(" | ")
			.append(cell(passedAfter, totalAfter))
			.append(" |\n");
	}

	private static String cell(int passed, int total) {
		return passed + "/" + total + " (" + ReportWriter.percent(EvalReport.rate(passed, total)) + ")";
	}

	private static void changed(StringBuilder text, String title, EvalReport earlier, EvalReport later,
			boolean regressions) {
		Map<String, CaseResult> before = earlier.results()
			.stream()
			.collect(Collectors.toMap(CaseResult::id, Function.identity()));
		List<CaseResult> changed = later.results()
			.stream()
			.filter((result) -> before.containsKey(result.id()))
			.filter((result) -> before.get(result.id()).passed() == regressions && result.passed() != regressions)
			.toList();
		text.append("\n## ").append(title).append(" (").append(changed.size()).append(")\n\n");
		for (CaseResult result : changed) {
			text.append("- `").append(result.id()).append("` (").append(result.category()).append(')');
			if (regressions) {
				text.append(": ").append(String.join("; ", result.failures()));
			}
			text.append('\n');
		}
	}

	private static Map<String, EvalReport.CategoryScore> byCategory(EvalReport report) {
		return report.categories()
			.stream()
			.collect(Collectors.toMap(EvalReport.CategoryScore::category, Function.identity(), (a, b) -> a,
					java.util.LinkedHashMap::new));
	}

}
