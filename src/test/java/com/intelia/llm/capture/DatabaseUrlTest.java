package com.intelia.llm.capture;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DatabaseUrlTest {

	@Test
	void credentials_in_the_url_are_taken_out_of_it() {
		DatabaseUrl url = parse("jdbc:postgresql://db:5432/intelia?user=capture&password=s%40cret&ssl=true", "", "");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/intelia?ssl=true");
		assertThat(url.user()).isEqualTo("capture");
		assertThat(url.password()).isEqualTo("s@cret");
		assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.POSTGRESQL);
	}

	@Test
	void the_variables_override_the_url() {
		DatabaseUrl url = parse("jdbc:postgresql://db/intelia?user=a&password=b", "capture", "secret");

		assertThat(url.user()).isEqualTo("capture");
		assertThat(url.password()).isEqualTo("secret");
	}

	@Test
	void nothing_printed_holds_the_password() {
		CaptureProperties.Database settings = new CaptureProperties.Database(
				"jdbc:postgresql://db/intelia?password=in-url&sslpassword=other", "capture", "in-variable");

		assertThat(settings.toString()).doesNotContain("in-url", "other", "in-variable");
		assertThat(DatabaseUrl.parse(settings).toString()).doesNotContain("in-url", "other", "in-variable");
		assertThat(new CaptureProperties.Database("mysql://x?password=p", "", "").toString()).doesNotContain("p@",
				"password=p");
	}

	@Test
	void empty_means_the_sqlite_file_under_data() {
		DatabaseUrl url = parse("", "", "");

		assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.SQLITE);
		assertThat(url.sqliteFile()).isEqualTo(Path.of("data/capture.db"));
	}

	@Test
	void another_database_stops_start_up_without_quoting_the_url() {
		assertThatIllegalStateException().isThrownBy(() -> parse("jdbc:mysql://db/x?password=secret", "", ""))
			.withMessageContaining("LLM_CAPTURE_DB_URL")
			.withMessageNotContaining("secret");
	}

	private static DatabaseUrl parse(String url, String user, String password) {
		return DatabaseUrl.parse(new CaptureProperties.Database(url, user, password));
	}

}
