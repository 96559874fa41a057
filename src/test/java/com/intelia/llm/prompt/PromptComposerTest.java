package com.intelia.llm.prompt;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.model.ModelAlias;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptComposerTest {

	private static final ModelAlias AVICULTURE = alias("aviculture");

	private static final ModelAlias PLAIN = alias(null);

	@TempDir
	Path dir;

	private PromptComposer composer;

	@BeforeEach
	void setUp() {
		PromptFolder folder = new PromptFolder(this.dir);
		folder.write("farm/v1.md", """
				---
				variables: {species: broilers, farm: ~}
				---
				Advise farm {{farm}} on {{species}}.""");
		folder.write("farm/v2.md", "---\nvariables: {species: broilers}\n---\nV2 for {{species}}.");
		this.composer = new PromptComposer(folder.library());
	}

	@Test
	void the_alias_prompt_is_used_at_its_latest_version() {
		ComposedPrompt composed = this.composer.compose(AVICULTURE, null, List.of(UserMessage.from("Hi")));

		assertThat(composed.promptId()).isEqualTo("aviculture");
		assertThat(composed.promptVersion()).isEqualTo("v3");
		assertThat(systemText(composed)).startsWith("You are an assistant for commercial poultry production");
	}

	@Test
	void a_selection_pins_a_version_and_overrides_the_alias_prompt() {
		ComposedPrompt composed = this.composer.compose(AVICULTURE,
				new PromptSelection("farm", "v1", Map.of("farm", "Les Pins", "species", "dindes")),
				List.of(UserMessage.from("Hi")));

		assertThat(composed.promptId()).isEqualTo("farm");
		assertThat(composed.promptVersion()).isEqualTo("v1");
		assertThat(systemText(composed)).isEqualTo("Advise farm Les Pins on dindes.");
	}

	@Test
	void a_selection_without_version_gets_the_latest_and_defaults_fill_missing_variables() {
		ComposedPrompt composed = this.composer.compose(PLAIN, new PromptSelection("farm", null, Map.of()),
				List.of(UserMessage.from("Hi")));

		assertThat(composed.promptVersion()).isEqualTo("v2");
		assertThat(systemText(composed)).isEqualTo("V2 for broilers.");
	}

	@Test
	void a_variable_with_no_value_and_no_default_is_a_400_naming_it() {
		assertThatThrownBy(() -> this.composer.compose(PLAIN, new PromptSelection("farm", "v1", Map.of()),
				List.of(UserMessage.from("Hi"))))
			.isInstanceOfSatisfying(ApiException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(ex.param()).isEqualTo("prompt.variables.farm");
				assertThat(ex.getMessage()).contains("'farm'");
			});
	}

	@Test
	void a_variable_the_prompt_does_not_have_is_a_400_naming_it() {
		assertThatThrownBy(() -> this.composer.compose(PLAIN,
				new PromptSelection("farm", "v2", Map.of("specie", "dindes")), List.of(UserMessage.from("Hi"))))
			.isInstanceOfSatisfying(ApiException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(ex.param()).isEqualTo("prompt.variables.specie");
				assertThat(ex.getMessage()).contains("species");
			});
	}

	@Test
	void unknown_prompt_or_version_is_a_404_prompt_not_found() {
		assertThatThrownBy(() -> select("nope", null)).isInstanceOfSatisfying(ApiException.class, (ex) -> {
			assertThat(ex.status()).isEqualTo(HttpStatus.NOT_FOUND);
			assertThat(ex.type()).isEqualTo("invalid_request_error");
			assertThat(ex.code()).isEqualTo("prompt_not_found");
		});
		assertThatThrownBy(() -> select("aviculture", "v7")).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.code()).isEqualTo("prompt_not_found"));
	}

	@Test
	void ids_and_versions_that_could_name_a_path_are_rejected_before_any_lookup() {
		for (String id : List.of("../x", "..%2Fx", "aviculture/../aviculture", "/etc/passwd", "..", "Aviculture",
				"avi culture", "")) {
			assertThatThrownBy(() -> select(id, null)).as(id)
				.isInstanceOfSatisfying(ApiException.class, (ex) -> assertThat(ex.param()).isEqualTo("prompt.id"));
		}
		for (String version : List.of("../v1", "v1.md", "2", "v01", "V1", "latest")) {
			assertThatThrownBy(() -> select("aviculture", version)).as(version)
				.isInstanceOfSatisfying(ApiException.class, (ex) -> assertThat(ex.param()).isEqualTo("prompt.version"));
		}
	}

	@Test
	void the_domain_prompt_comes_first_then_every_leading_caller_system_message_in_order() {
		UserMessage question = UserMessage.from("Mortalité J3 ?");
		ComposedPrompt composed = this.composer.compose(PLAIN, new PromptSelection("farm", "v2", Map.of()),
				List.of(SystemMessage.from("Context: house 2, Ross 308, day 3"),
						SystemMessage.from("Context: mortality 0.4% today"), question));

		assertThat(composed.messages()).hasSize(2);
		assertThat(systemText(composed))
			.isEqualTo("V2 for broilers.\n\nContext: house 2, Ross 308, day 3\n\nContext: mortality 0.4% today");
		assertThat(composed.messages().get(1)).isSameAs(question);
	}

	@Test
	void without_caller_system_messages_the_domain_prompt_is_added_and_the_conversation_is_unchanged() {
		List<ChatMessage> conversation = List.of(UserMessage.from("Q1"), AiMessage.from("A1"), UserMessage.from("Q2"));

		ComposedPrompt composed = this.composer.compose(PLAIN, new PromptSelection("farm", "v2", Map.of()),
				conversation);

		assertThat(systemText(composed)).isEqualTo("V2 for broilers.");
		assertThat(composed.messages().subList(1, 4)).containsExactlyElementsOf(conversation);
	}

	@Test
	void system_messages_later_in_the_conversation_stay_where_they_are() {
		SystemMessage later = SystemMessage.from("Answer briefly from now on.");
		List<ChatMessage> conversation = List.of(SystemMessage.from("Context: A"), UserMessage.from("Q1"),
				AiMessage.from("A1"), later, UserMessage.from("Q2"));

		ComposedPrompt composed = this.composer.compose(PLAIN, new PromptSelection("farm", "v2", Map.of()),
				conversation);

		assertThat(systemText(composed)).isEqualTo("V2 for broilers.\n\nContext: A");
		assertThat(composed.messages().subList(1, 5)).containsExactlyElementsOf(conversation.subList(1, 5));
		assertThat(composed.messages().get(3)).isSameAs(later);
	}

	@Test
	void an_alias_without_prompt_and_no_selection_leaves_the_conversation_unchanged() {
		List<ChatMessage> conversation = List.of(SystemMessage.from("Be brief."), UserMessage.from("Hi"));

		ComposedPrompt composed = this.composer.compose(PLAIN, null, conversation);

		assertThat(composed.messages()).containsExactlyElementsOf(conversation);
		assertThat(composed.promptId()).isNull();
		assertThat(composed.promptVersion()).isNull();
	}

	@Test
	void the_preview_is_the_system_message_a_request_would_send() {
		PromptTemplate v2 = new PromptFolder(this.dir).library().find("farm", 2, null, null);

		assertThat(this.composer.preview(v2, Map.of("species", "dindes"), List.of("Context: A", " ", "Context: B")))
			.isEqualTo("V2 for dindes.\n\nContext: A\n\nContext: B");
	}

	private ComposedPrompt select(String id, @Nullable String version) {
		return this.composer.compose(PLAIN, new PromptSelection(id, version, Map.of()),
				List.of(UserMessage.from("Hi")));
	}

	private static String systemText(ComposedPrompt composed) {
		assertThat(composed.messages().get(0)).isInstanceOf(SystemMessage.class);
		assertThat(composed.messages().stream().filter(SystemMessage.class::isInstance).count())
			.as("one leading system message")
			.isLessThanOrEqualTo(2);
		return ((SystemMessage) composed.messages().get(0)).text();
	}

	private static ModelAlias alias(@Nullable String prompt) {
		return new ModelAlias("test-alias", null, null, null, prompt, Map.of(), false, null, null, null, null);
	}

}
