package com.intelia.llm.access;

import com.intelia.llm.access.CallerBudgets.Admission;
import com.intelia.llm.exchange.Exchange;
import com.intelia.llm.exchange.Tokens;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallerBudgetsTest {

	@Test
	void refuses_the_request_past_the_per_minute_budget_with_openai_headers() {
		CallerBudgets budgets = budgets(3, 0);

		for (int i = 2; i >= 0; i--) {
			Admission admitted = budgets.admit("team-a");
			assertThat(admitted.refusal()).isNull();
			assertThat(admitted.headers()).containsEntry("x-ratelimit-limit-requests", "3")
				.containsEntry("x-ratelimit-remaining-requests", Integer.toString(i))
				.containsKey("x-ratelimit-reset-requests")
				.doesNotContainKey("x-ratelimit-limit-tokens");
		}
		Admission refused = budgets.admit("team-a");

		assertThat(refused.refusal()).isNotNull();
		assertThat(refused.refusal().status().value()).isEqualTo(429);
		assertThat(refused.refusal().type()).isEqualTo("rate_limit_error");
		assertThat(refused.refusal().code()).isEqualTo("rate_limit_exceeded");
		assertThat(refused.refusal().getMessage()).contains("requests per minute", "team-a");
		assertThat(refused.headers()).containsEntry("x-ratelimit-remaining-requests", "0")
			.containsEntry("Retry-After", "20");
	}

	@Test
	void one_key_spending_its_budget_leaves_the_others_untouched() {
		CallerBudgets budgets = budgets(1, 0);

		budgets.admit("team-a");

		assertThat(budgets.admit("team-a").refusal()).isNotNull();
		assertThat(budgets.admit("team-b").refusal()).isNull();
	}

	@Test
	void debits_actual_usage_and_refuses_once_tokens_run_out() {
		CallerBudgets budgets = budgets(0, 100);
		TokenUsageListener listener = new TokenUsageListener(budgets);

		assertThat(budgets.admit("team-a").headers()).containsEntry("x-ratelimit-remaining-tokens", "100");
		listener.onExchange(exchange("team-a", 60));
		assertThat(budgets.admit("team-a").headers()).containsEntry("x-ratelimit-remaining-tokens", "40");
		listener.onExchange(exchange("team-a", 90));
		Admission refused = budgets.admit("team-a");

		assertThat(refused.refusal()).isNotNull();
		assertThat(refused.refusal().getMessage()).contains("tokens per minute");
		assertThat(refused.headers()).containsEntry("x-ratelimit-remaining-tokens", "0")
			.containsEntry("x-ratelimit-limit-tokens", "100")
			.containsKey("Retry-After");
		assertThat(budgets.admit("team-b").refusal()).isNull();
	}

	@Test
	void callers_without_a_known_key_share_one_anonymous_budget() {
		CallerBudgets budgets = budgets(1, 0);

		budgets.admit(null);

		assertThat(budgets.admit("someone-unknown").refusal()).isNotNull();
	}

	@Test
	void budgets_off_admit_everything_without_headers() {
		CallerBudgets budgets = budgets(0, 0);

		assertThat(budgets.enabled()).isFalse();
		assertThat(budgets.admit("team-a").headers()).isEmpty();
	}

	private static CallerBudgets budgets(long rpm, long tpm) {
		AccessProperties properties = new AccessProperties("team-a:sk-a,team-b:sk-b", "", true, true,
				new AccessProperties.RateLimit(rpm, tpm), new AccessProperties.Concurrency(64, 0, 250), 64, 0);
		return new CallerBudgets(properties, new ApiKeys(properties));
	}

	private static Exchange exchange(@Nullable String caller, int tokens) {
		return new Exchange("req-1", caller, "m", "simulator", null, null, false, 200, null, 0, 0, -1,
				new Tokens(tokens, 0), false);
	}

}
