package com.intelia.llm.prompt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.prompt.PromptTemplate.Origin;
import com.intelia.llm.support.LoggingLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
// It reads its log output: no Spring Boot application may set logging up meanwhile.
@ResourceLock(LoggingLock.KEY)
class PromptLibraryTest {

	@TempDir
	Path dir;

	private PromptFolder folder;

	@BeforeEach
	void setUp() {
		this.folder = new PromptFolder(this.dir);
	}

	@Test
	void serves_the_bundled_prompts_with_the_highest_version_as_latest() {
		PromptLibrary library = new PromptLibrary(new PromptProperties(null, Duration.ofSeconds(2)));

		PromptTemplate latest = library.find("aviculture", null, null, null);
		assertThat(latest.version()).isEqualTo("v3");
		assertThat(latest.origin()).isEqualTo(Origin.BUNDLED);
		assertThat(library.find("aviculture", 1, null, null).version()).isEqualTo("v1");
		assertThat(library.find("aviculture", 2, null, null).version()).isEqualTo("v2");
	}

	@Test
	void prompts_dir_adds_ids_and_versions_and_overrides_bundled_versions() {
		this.folder.write("farm-notes/v1.md", "Notes.");
		this.folder.write("aviculture/v1.md", "Overridden v1.");
		this.folder.write("aviculture/v7.md", "Seventh.");

		PromptLibrary library = this.folder.library();

		assertThat(library.all()).containsKeys("aviculture", "farm-notes");
		assertThat(library.find("aviculture", 1, null, null).text()).isEqualTo("Overridden v1.");
		assertThat(library.find("aviculture", 1, null, null).origin()).isEqualTo(Origin.PROMPTS_DIR);
		assertThat(library.find("aviculture", 2, null, null).origin()).isEqualTo(Origin.BUNDLED);
		assertThat(library.find("aviculture", null, null, null).version()).isEqualTo("v7");
	}

	@Test
	void latest_compares_version_numbers_not_names() {
		this.folder.write("farm/v2.md", "two");
		this.folder.write("farm/v10.md", "ten");
		this.folder.write("farm/v9.md", "nine");

		assertThat(this.folder.library().find("farm", null, null, null).text()).isEqualTo("ten");
	}

	@Test
	void ignores_files_outside_the_strict_layout() {
		this.folder.write("Farm/v1.md", "upper-case id");
		this.folder.write("farm/v01.md", "leading zero");
		this.folder.write("farm/v1.txt", "not markdown");
		this.folder.write("farm/nested/v1.md", "too deep");
		this.folder.write("v1.md", "no id");
		this.folder.write("ok/v1.md", "fine");

		PromptLibrary library = this.folder.library();

		assertThat(library.all()).containsOnlyKeys("aviculture", "ok");
	}

	@Test
	void only_version_files_are_versions_whatever_else_sits_beside_them() {
		this.folder.write("farm/v1.md", "One.");
		this.folder.write("farm/eval.jsonl", "{\"id\": \"a\"}");
		this.folder.write("farm/README.md", "Notes for prompt engineers.");
		this.folder.write("farm/sources.md", "Where the figures come from.");
		this.folder.write("farm/v2-draft.md", "A draft.");
		this.folder.write("farm/v2.md.bak", "A backup.");

		PromptLibrary library = this.folder.library();

		assertThat(library.versions("farm", null).keySet()).containsExactly(1);
	}

	@Test
	void a_version_with_modules_is_served_from_prompts_dir_and_reloaded() {
		this.folder.write("farm/v1.md", """
				---
				variables: {species: {values: [broiler, duck]}}
				---
				Core.{{#species.duck}} Ducks.{{/species.duck}}""");
		PromptLibrary library = this.folder.library();
		assertThat(library.find("farm", 1, null, null).render(Map.of("species", "duck"), "")).isEqualTo("Core. Ducks.");

		this.folder.write("farm/v1.md", """
				---
				variables: {species: {values: [broiler, duck]}}
				---
				Core.{{#species.duck}} Ducks need water to dip their heads.{{/species.duck}}""");

		assertThat(library.reload()).isTrue();
		assertThat(library.find("farm", 1, null, null).render(Map.of("species", "duck"), ""))
			.isEqualTo("Core. Ducks need water to dip their heads.");
	}

	@Test
	void a_module_section_naming_an_undeclared_value_is_logged_and_the_last_good_version_keeps_serving(
			CapturedOutput output) {
		Path file = this.folder.write("farm/v1.md", "---\nvariables: {species: {values: [duck]}}\n---\nGood.");
		PromptLibrary library = this.folder.library();

		this.folder.write("farm/v1.md",
				"---\nvariables: {species: {values: [duck]}}\n---\nCore.\n{{#species.turkey}}T{{/species.turkey}}");

		assertThat(library.reload()).isFalse();
		assertThat(output).contains("Prompt file " + file + ", line 5: section 'species.turkey'");
		assertThat(library.find("farm", 1, null, null).text()).isEqualTo("Good.");
	}

	@Test
	void unknown_ids_and_versions_are_404_prompt_not_found() {
		PromptLibrary library = this.folder.library();

		assertThatThrownBy(() -> library.find("nope", null, "prompt.id", "prompt.version"))
			.isInstanceOfSatisfying(ApiException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(HttpStatus.NOT_FOUND);
				assertThat(ex.code()).isEqualTo("prompt_not_found");
				assertThat(ex.param()).isEqualTo("prompt.id");
				assertThat(ex.getMessage()).contains("aviculture");
			});
		assertThatThrownBy(() -> library.find("aviculture", 9, "prompt.id", "prompt.version"))
			.isInstanceOfSatisfying(ApiException.class, (ex) -> {
				assertThat(ex.code()).isEqualTo("prompt_not_found");
				assertThat(ex.param()).isEqualTo("prompt.version");
				assertThat(ex.getMessage()).contains("v1, v2, v3");
			});
	}

	@Test
	void an_edit_in_prompts_dir_is_served_after_a_reload() {
		this.folder.write("farm/v1.md", "Before.");
		PromptLibrary library = this.folder.library();

		this.folder.write("farm/v1.md", "After.");
		this.folder.write("farm/v2.md", "Second.");

		assertThat(library.reload()).isTrue();
		assertThat(library.find("farm", 1, null, null).text()).isEqualTo("After.");
		assertThat(library.find("farm", null, null, null).version()).isEqualTo("v2");
		assertThat(library.reload()).as("nothing changed since").isFalse();
	}

	@Test
	void an_invalid_edit_is_logged_with_file_and_line_and_the_last_good_version_keeps_serving(CapturedOutput output) {
		Path file = this.folder.write("farm/v1.md", "---\ndescription: good\n---\nGood {{species}}.");
		PromptLibrary library = this.folder.library();

		this.folder.write("farm/v1.md", "---\ndescription: broken\n---\nBroken\n{{#species}}\n");

		assertThat(library.reload()).isFalse();
		assertThat(library.find("farm", 1, null, null).text()).isEqualTo("Good {{species}}.");
		assertThat(output).contains("Prompt file " + file + ", line 5:");

		this.folder.write("farm/v1.md", "Fixed.");
		assertThat(library.reload()).isTrue();
		assertThat(library.find("farm", 1, null, null).text()).isEqualTo("Fixed.");
	}

	@Test
	void a_new_file_that_does_not_parse_is_not_served() {
		this.folder.write("farm/v1.md", "Good.");
		this.folder.write("farm/v2.md", "---\nnot closed");

		PromptLibrary library = this.folder.library();

		assertThat(library.find("farm", null, null, null).version()).isEqualTo("v1");
	}

	@Test
	void deleting_an_override_brings_back_the_bundled_version() {
		this.folder.write("aviculture/v2.md", "Override.");
		PromptLibrary library = this.folder.library();

		this.folder.delete("aviculture/v2.md");

		assertThat(library.reload()).isTrue();
		assertThat(library.find("aviculture", 2, null, null).origin()).isEqualTo(Origin.BUNDLED);
	}

	@Test
	void a_missing_prompts_dir_stops_the_start_up() {
		assertThatThrownBy(() -> new PromptLibrary(
				new PromptProperties(this.dir.resolve("absent").toString(), Duration.ofSeconds(2))))
			.hasMessageContaining("PROMPTS_DIR");
	}

	@Test
	void the_reloader_picks_up_an_edit_within_five_seconds_and_stops_with_the_service() {
		this.folder.write("farm/v1.md", "Before.");
		PromptLibrary library = new PromptLibrary(new PromptProperties(this.dir.toString(), Duration.ofMillis(100)));
		AnnotationConfigApplicationContext service = new AnnotationConfigApplicationContext();
		service.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("llm.prompts.reload-interval", "100ms")));
		service.registerBean(PromptLibrary.class, () -> library);
		service.register(ScheduledReloader.class, PromptReloader.class);
		service.refresh();
		try {
			this.folder.write("farm/v1.md", "After.");

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(library.find("farm", 1, null, null).text()).isEqualTo("After."));
		}
		finally {
			service.close();
		}
		this.folder.write("farm/v1.md", "After the service stopped.");
		await().during(Duration.ofMillis(400))
			.atMost(Duration.ofSeconds(5))
			.until(() -> library.find("farm", 1, null, null).text().equals("After."));
	}

	/** Spring's scheduling, as the service turns it on. */
	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	@org.springframework.scheduling.annotation.EnableScheduling
	static class ScheduledReloader {

	}

}
