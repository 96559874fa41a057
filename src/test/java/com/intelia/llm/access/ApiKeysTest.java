package com.intelia.llm.access;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ApiKeysTest {

	@TempDir
	Path dir;

	@Test
	void names_the_presented_key_and_refuses_others() {
		ApiKeys keys = new ApiKeys(properties("team-a:sk-aaaaaaaa, team-b:sk-bbbbbbbb", ""));

		assertThat(keys.required()).isTrue();
		assertThat(keys.nameOf("sk-aaaaaaaa")).isEqualTo("team-a");
		assertThat(keys.nameOf("sk-bbbbbbbb")).isEqualTo("team-b");
		assertThat(keys.nameOf("sk-aaaaaaa")).isNull();
		assertThat(keys.nameOf("")).isNull();
		assertThat(keys.nameOf("team-a:sk-aaaaaaaa")).isNull();
	}

	@Test
	void no_keys_means_open() {
		assertThat(new ApiKeys(properties("", "")).required()).isFalse();
		assertThat(new ApiKeys(properties(" , ", "")).required()).isFalse();
	}

	@Test
	void reads_the_key_file_with_names_comments_and_blank_lines() throws Exception {
		Path file = this.dir.resolve("keys.txt");
		Files.writeString(file, """
				# team keys
				barn-app:sk-barn-0123456789

				sk-unnamed-0123456789
				""");

		ApiKeys keys = new ApiKeys(properties("env:sk-env-0123", file.toString()));

		assertThat(keys.names()).hasSize(3).startsWith("env", "barn-app");
		assertThat(keys.names().get(2)).matches("key-[0-9a-f]{8}").doesNotContain("unnamed");
		assertThat(keys.nameOf("sk-barn-0123456789")).isEqualTo("barn-app");
		assertThat(keys.nameOf("sk-unnamed-0123456789")).isEqualTo(keys.names().get(2));
	}

	@Test
	void an_unnamed_key_gets_a_stable_name_that_does_not_reveal_it() {
		String first = new ApiKeys(properties("sk-secret-1,sk-secret-2", "")).names().get(0);
		String again = new ApiKeys(properties("sk-secret-2,sk-secret-1", "")).names().get(1);

		assertThat(first).isEqualTo(again).doesNotContain("secret");
	}

	@Test
	void refuses_bad_entries_without_quoting_them() {
		assertThatIllegalStateException().isThrownBy(() -> new ApiKeys(properties("a:sk-1,b:sk 2", "")))
			.withMessageContaining("LLM_API_KEYS entry 2")
			.withMessageNotContaining("sk 2");
		assertThatIllegalStateException().isThrownBy(() -> new ApiKeys(properties("a:sk-1,a:sk-2", "")))
			.withMessageContaining("'a'")
			.withMessageNotContaining("sk-");
		assertThatIllegalStateException().isThrownBy(() -> new ApiKeys(properties("a:sk-1,b:sk-1", "")))
			.withMessageNotContaining("sk-1");
		assertThatIllegalStateException()
			.isThrownBy(() -> new ApiKeys(properties("", this.dir.resolve("missing").toString())))
			.withMessageContaining("LLM_API_KEYS_FILE");
	}

	@Test
	void a_key_may_be_marked_always_or_never_captured() throws Exception {
		Path file = this.dir.resolve("keys.txt");
		Files.writeString(file, """
				barn-app:sk-barn-0123456789 capture=always
				private-app:sk-private-0123456789   capture=never
				plain-app:sk-plain-0123456789
				""");

		ApiKeys keys = new ApiKeys(properties("env:sk-env-0123 capture=never", file.toString()));

		assertThat(keys.nameOf("sk-barn-0123456789")).isEqualTo("barn-app");
		assertThat(keys.alwaysCaptured("barn-app")).isTrue();
		assertThat(keys.neverCaptured("private-app")).isTrue();
		assertThat(keys.neverCaptured("env")).isTrue();
		assertThat(keys.alwaysCaptured("plain-app")).isFalse();
		assertThat(keys.neverCaptured("plain-app")).isFalse();
		assertThat(keys.alwaysCaptured(null)).isFalse();
		assertThat(keys.anyAlwaysCaptured()).isTrue();
	}

	@Test
	void a_bad_capture_option_stops_start_up_without_quoting_the_entry() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new ApiKeys(properties("a:sk-secret-1 capture=sometimes", "")))
			.withMessageContaining("LLM_API_KEYS entry 1")
			.withMessageContaining("capture=always or capture=never")
			.withMessageNotContaining("sk-secret");
	}

	@Test
	void admin_keys_are_apart_from_ordinary_keys() {
		ApiKeys keys = new ApiKeys(withAdmin("app:sk-app-0001", "ops:sk-ops-0009"));

		assertThat(keys.nameOf("sk-ops-0009")).isNull();
		assertThat(keys.adminNameOf("sk-ops-0009")).isEqualTo("ops");
		assertThat(keys.adminNameOf("sk-app-0001")).isNull();
		assertThat(keys.adminConfigured()).isTrue();
		assertThat(keys.names()).containsExactly("app");
	}

	@Test
	void admin_keys_share_no_name_or_key_with_ordinary_keys_and_take_no_capture_option() {
		assertThatIllegalStateException().isThrownBy(() -> new ApiKeys(withAdmin("ops:sk-1", "ops:sk-2")))
			.withMessageContaining("'ops'");
		assertThatIllegalStateException().isThrownBy(() -> new ApiKeys(withAdmin("a:sk-1", "b:sk-1")))
			.withMessageNotContaining("sk-1");
		assertThatIllegalStateException().isThrownBy(() -> new ApiKeys(withAdmin("a:sk-1", "ops:sk-2 capture=always")))
			.withMessageContaining("admin key");
	}

	@Test
	void the_properties_never_print_the_keys() {
		assertThat(withAdmin("team-a:sk-topsecret", "ops:sk-admin-secret").toString()).doesNotContain("sk-topsecret",
				"sk-admin-secret");
		assertThat(properties("team-a:sk-topsecret", "").toString()).doesNotContain("sk-topsecret");
	}

	static AccessProperties withAdmin(String keys, String adminKeys) {
		return new AccessProperties(keys, "", true, true, new AccessProperties.RateLimit(0, 0),
				new AccessProperties.Concurrency(64, 0, 250), 64, 0, adminKeys);
	}

	static AccessProperties properties(String keys, String file) {
		return new AccessProperties(keys, file, true, true, new AccessProperties.RateLimit(0, 0),
				new AccessProperties.Concurrency(64, 0, 250), 64, 0);
	}

}
