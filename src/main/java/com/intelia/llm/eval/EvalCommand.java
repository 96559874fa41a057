package com.intelia.llm.eval;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The evaluation runner's entry point, a command of the service's jar like the smoke
 * check. It sends every case of an evaluation set through a running gateway, pinned to
 * one prompt version with the {@code prompt} request extension, scores each answer and
 * writes {@code <prompt>-<version>.json} and {@code .md}. With {@code --compare-with} (or
 * {@code eval compare a.json b.json}) it also writes the comparison of two runs.
 * <p>
 * It is an HTTP client of the gateway rather than an in-process call: it evaluates what
 * callers get (prompt selection, context merge, the configured provider), against any
 * gateway, local or deployed. Exit codes: 0 when every case was answered by the pinned
 * version (and the pass rate reached {@code --min-pass-rate}, if given), 1 when not, 2
 * when the arguments, the evaluation set or the gateway's prompt list are unusable.
 */
public final class EvalCommand {

	private EvalCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out));
	}

	/**
	 * Runs the evaluation and prints a summary.
	 * @param args the options ({@link EvalOptions#USAGE})
	 * @param out where the summary goes
	 * @return the exit code
	 */
	static int run(String[] args, PrintStream out) {
		return run(args, out, System::getenv);
	}

	static int run(String[] args, PrintStream out, Function<String, @Nullable String> environment) {
		try {
			if (Arrays.asList(args).contains("--help")) {
				out.println(EvalOptions.USAGE);
				return 0;
			}
			if (args.length > 0 && args[0].equals("compare")) {
				return compare(args, out);
			}
			return evaluate(EvalOptions.parse(args), out, environment);
		}
		catch (IllegalArgumentException ex) {
			out.println("eval: " + ex.getMessage());
			out.println(EvalOptions.USAGE);
			return 2;
		}
		catch (IllegalStateException | UncheckedIOException ex) {
			out.println("eval: " + ex.getMessage());
			return 2;
		}
	}

	private static int evaluate(EvalOptions options, PrintStream out, Function<String, @Nullable String> environment) {
		List<EvalCase> cases = EvalCases.load(options.cases(), EvalCases.read(options.cases()));
		if (options.only() != null) {
			cases = cases.stream()
				.filter((testCase) -> options.only().matcher(testCase.id()).find()
						|| options.only().matcher(testCase.category()).find())
				.toList();
		}
		Gateway gateway = new Gateway(options.baseUrl(), environment.apply(options.apiKeyEnv()), options.timeout());
		Gateway.PromptVersion pinned = gateway.version(options.prompt(), options.version());
		out.println("Evaluating " + options.prompt() + " " + pinned.version() + " on " + cases.size() + " cases via "
				+ options.baseUrl() + " (" + options.model() + ")");
		EvalReport report = new EvalRun(gateway, options, pinned).run(cases);
		Path markdown = ReportWriter.write(report, options.out());
		out.println("Passed " + report.passed() + " of " + report.total() + " ("
				+ ReportWriter.percent(report.passRate()) + "); answered by " + pinned.version() + ": "
				+ report.answered() + " of " + report.total() + ". Report: " + markdown);
		if (options.compareWith() != null) {
			out.println(
					"Comparison: " + Comparison.write(Comparison.read(options.compareWith()), report, options.out()));
		}
		return verdict(report, options.minPassRate(), out);
	}

	private static int verdict(EvalReport report, @Nullable Double minPassRate, PrintStream out) {
		if (report.answered() < report.total()) {
			out.println("FAIL: " + (report.total() - report.answered())
					+ " cases got no answer from the pinned version (see the report).");
			return 1;
		}
		if (minPassRate != null && report.passRate() < minPassRate) {
			out.println("FAIL: pass rate " + ReportWriter.percent(report.passRate()) + " is below --min-pass-rate "
					+ ReportWriter.percent(minPassRate) + ".");
			return 1;
		}
		return 0;
	}

	private static int compare(String[] args, PrintStream out) {
		if (args.length != 3 && args.length != 5) {
			throw new IllegalArgumentException("compare needs two report files.");
		}
		String folder = (args.length == 5) ? EvalOptions.pairs(Arrays.copyOfRange(args, 3, 5)).get("out") : null;
		if (args.length == 5 && folder == null) {
			throw new IllegalArgumentException("compare takes only --out after the two reports.");
		}
		Path earlierFile = Path.of(args[1]);
		EvalReport earlier = Comparison.read(earlierFile);
		EvalReport later = Comparison.read(Path.of(args[2]));
		Path target = (folder != null) ? Path.of(folder) : earlierFile.toAbsolutePath().getParent();
		out.println("Comparison: " + Comparison.write(earlier, later, target));
		return 0;
	}

}
