package com.intelia.llm.prompt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import com.intelia.llm.prompt.PromptTemplate.Origin;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The prompts packaged in the jar from the top-level {@code prompts/} folder. They are
 * read once: a bundled prompt that does not parse is a build mistake and stops the
 * service at start-up (and fails the test that renders every bundled prompt).
 */
final class BundledPrompts {

	static final String LOCATION = "classpath*:prompts/*/v*.md";

	private BundledPrompts() {
	}

	static List<PromptTemplate> load() {
		try {
			List<PromptTemplate> templates = new ArrayList<>();
			for (Resource resource : new PathMatchingResourcePatternResolver().getResources(LOCATION)) {
				String[] segments = resource.getURI().toString().split("/");
				String id = segments[segments.length - 2];
				Matcher file = PromptNames.FILE.matcher(segments[segments.length - 1]);
				if (PromptNames.ID.matcher(id).matches() && file.matches()) {
					String location = "classpath:prompts/" + id + "/" + file.group();
					String content = resource.getContentAsString(StandardCharsets.UTF_8);
					templates.add(
							PromptParser.parse(id, Integer.parseInt(file.group(1)), Origin.BUNDLED, location, content));
				}
			}
			return templates;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the bundled prompts", ex);
		}
	}

}
