package com.intelia.llm.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Sends every case to the gateway, a few at a time on virtual threads, and scores the
 * answers into a report. Results keep the order of the evaluation set.
 */
final class EvalRun {

	private final Gateway gateway;

	private final EvalOptions options;

	private final Gateway.PromptVersion pinned;

	EvalRun(Gateway gateway, EvalOptions options, Gateway.PromptVersion pinned) {
		this.gateway = gateway;
		this.options = options;
		this.pinned = pinned;
	}

	EvalReport run(List<EvalCase> cases) {
		Instant start = Instant.now();
		List<Answer> answers = answers(cases);
		List<CaseResult> results = new ArrayList<>();
		for (int i = 0; i < cases.size(); i++) {
			results.add(CaseResult.of(cases.get(i), this.pinned.version(), answers.get(i)));
		}
		List<String> upstream = answers.stream().map(Answer::model).filter(Objects::nonNull).distinct().toList();
		return new EvalReport(this.options.prompt(), this.pinned.version(), this.options.model(), upstream,
				this.options.baseUrl().toString(), this.options.cases(), start.toString(),
				java.time.Duration.between(start, Instant.now()).toMillis(), dropped(cases), results.size(),
				(int) results.stream().filter(CaseResult::answered).count(),
				(int) results.stream().filter(CaseResult::passed).count(), EvalReport.categories(results), results);
	}

	private List<Answer> answers(List<EvalCase> cases) {
		Semaphore slots = new Semaphore(this.options.parallel());
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Answer>> pending = new ArrayList<>();
			for (EvalCase testCase : cases) {
				pending.add(threads.submit(() -> {
					slots.acquire();
					try {
						return this.gateway.ask(this.options.model(), this.options.prompt(), this.pinned, testCase,
								this.options.maxTokens(), this.options.temperature());
					}
					finally {
						slots.release();
					}
				}));
			}
			List<Answer> answers = new ArrayList<>();
			for (Future<Answer> answer : pending) {
				answers.add(get(answer));
			}
			return answers;
		}
	}

	private static Answer get(Future<Answer> answer) {
		try {
			return answer.get();
		}
		catch (ExecutionException ex) {
			return Answer.failed(0, "the runner failed: " + ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Answer.failed(0, "interrupted");
		}
	}

	/** Variables the cases give that the pinned version does not have, and how often. */
	private Map<String, Integer> dropped(List<EvalCase> cases) {
		Map<String, Integer> dropped = new TreeMap<>();
		for (EvalCase testCase : cases) {
			testCase.variables()
				.keySet()
				.stream()
				.filter((name) -> !this.pinned.variables().contains(name))
				.forEach((name) -> dropped.merge(name, 1, Integer::sum));
		}
		return dropped;
	}

}
