package com.intelia.llm.model;

import com.intelia.llm.config.LlmProperties;
import com.intelia.llm.provider.NamedUpstreams;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads the models file once, and hands its named upstreams to the provider registry,
 * which builds them before the aliases that use them are checked.
 */
@Configuration(proxyBeanMethods = false)
class ModelsConfiguration {

	@Bean
	ModelsFile modelsFile(LlmProperties properties, ResourceLoader resources) {
		return ModelsFile.read(resources, properties.modelsFile());
	}

	@Bean
	NamedUpstreams namedUpstreams(ModelsFile file) {
		return new NamedUpstreams(file.upstreams());
	}

}
