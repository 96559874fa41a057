package com.intelia.llm.observability;

import com.intelia.llm.exchange.ExchangeListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Wires the chat request filter onto the one path it watches, and caps the only label fed
 * by files rather than code.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	/**
	 * Prompt versions come from prompt files; more than this many is a leak, not a
	 * rollout.
	 */
	private static final int MAX_PROMPT_VERSIONS = 50;

	@Bean
	ExchangeFilter exchangeFilter(MeterRegistry registry, ObjectProvider<ExchangeListener> listeners) {
		return new ExchangeFilter(registry, listeners);
	}

	/**
	 * Runs just after the request id is assigned and before access control and the body
	 * limit, so requests they refuse are counted too.
	 */
	@Bean
	FilterRegistrationBean<ExchangeFilter> exchangeFilterRegistration(ExchangeFilter filter) {
		FilterRegistrationBean<ExchangeFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/v1/chat/completions");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	MeterFilter expositionLint() {
		return new ExpositionLint();
	}

	@Bean
	MeterFilter promptVersionCap() {
		return MeterFilter.maximumAllowableTags("llm.prompt.requests", "version", MAX_PROMPT_VERSIONS,
				MeterFilter.deny());
	}

}
