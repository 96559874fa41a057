package com.intelia.llm.capture;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.intelia.llm.capture.CaptureDatabase.Connected;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Every SQL statement of the capture, the same on SQLite and PostgreSQL. Values are
 * always bound, never spliced into the text.
 */
final class CaptureStore {

	private static final String INSERT = """
			INSERT INTO capture_completion (completion_id, created_at, key_name, alias, upstream, upstream_model,
			    prompt_id, prompt_version, system_prompt, messages, tools, answer, finish_reason, prompt_tokens,
			    completion_tokens, ttft_ms, duration_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (completion_id) DO NOTHING""";

	private static final String RATE = """
			INSERT INTO capture_feedback (completion_id, rating, comment, correction, rated_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (completion_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment,
			    correction = excluded.correction, rated_at = excluded.rated_at""";

	private static final String EXPORT = """
			SELECT c.completion_id, c.system_prompt, c.messages, c.tools, c.answer, f.rating, f.correction
			FROM capture_completion c JOIN capture_feedback f ON f.completion_id = c.completion_id
			WHERE """;

	/** Writes completions, already redacted, in one transaction. */
	void insert(Connected database, List<CapturedCompletion> completions) {
		database.transactions()
			.executeWithoutResult((status) -> database.jdbc().batchUpdate(INSERT, new BatchPreparedStatementSetter() {

				@Override
				public void setValues(PreparedStatement statement, int index) throws SQLException {
					bind(statement, completions.get(index));
				}

				@Override
				public int getBatchSize() {
					return completions.size();
				}

			}));
	}

	/**
	 * Who owns a captured completion.
	 * @return the owner, or null if no such completion was captured
	 */
	@Nullable Owner owner(Connected database, String completionId) {
		List<Owner> owners = database.jdbc()
			.query("SELECT key_name FROM capture_completion WHERE completion_id = ?",
					(row, index) -> new Owner(row.getString(1)), completionId);
		return owners.isEmpty() ? null : owners.get(0);
	}

	/** Records a rating, replacing an earlier one; the texts are already redacted. */
	void rate(Connected database, String completionId, int rating, @Nullable String comment,
			@Nullable String correction, Instant ratedAt) {
		database.jdbc().update(RATE, (statement) -> {
			statement.setString(1, completionId);
			statement.setInt(2, rating);
			text(statement, 3, comment);
			text(statement, 4, correction);
			statement.setLong(5, ratedAt.toEpochMilli());
		});
	}

	/** Deletes every completion of a key, and its feedback; returns how many. */
	int erase(Connected database, String keyName) {
		return database.transactions().execute((status) -> {
			database.jdbc()
				.update("DELETE FROM capture_feedback WHERE completion_id IN "
						+ "(SELECT completion_id FROM capture_completion WHERE key_name = ?)", keyName);
			return database.jdbc().update("DELETE FROM capture_completion WHERE key_name = ?", keyName);
		});
	}

	/**
	 * Deletes completions older than {@code before}, and their feedback; returns how
	 * many.
	 */
	int purge(Connected database, Instant before) {
		long millis = before.toEpochMilli();
		return database.transactions().execute((status) -> {
			database.jdbc()
				.update("DELETE FROM capture_feedback WHERE completion_id IN "
						+ "(SELECT completion_id FROM capture_completion WHERE created_at < ?)", millis);
			return database.jdbc().update("DELETE FROM capture_completion WHERE created_at < ?", millis);
		});
	}

	/**
	 * Hands every rated completion the query selects to {@code each}, oldest first, one
	 * row in memory at a time.
	 */
	void forEachRated(Connected database, ExportQuery query, Consumer<RatedCompletion> each) {
		List<Object> arguments = new ArrayList<>();
		StringBuilder sql = new StringBuilder(EXPORT).append(' ').append(query.format().selection());
		if (query.since() != null) {
			sql.append(" AND c.created_at >= ?");
			arguments.add(query.since().toEpochMilli());
		}
		if (query.until() != null) {
			sql.append(" AND c.created_at < ?");
			arguments.add(query.until().toEpochMilli());
		}
		if (query.alias() != null) {
			sql.append(" AND c.alias = ?");
			arguments.add(query.alias());
		}
		if (query.promptVersion() != null) {
			sql.append(" AND c.prompt_version = ?");
			arguments.add(query.promptVersion());
		}
		sql.append(" ORDER BY c.created_at, c.completion_id");
		RowCallbackHandler rows = (row) -> each.accept(new RatedCompletion(row.getString(1), row.getString(2),
				row.getString(3), row.getString(4), row.getString(5), row.getInt(6), row.getString(7)));
		database.transactions()
			.executeWithoutResult((status) -> database.jdbc().query(sql.toString(), rows, arguments.toArray()));
	}

	private static void bind(PreparedStatement statement, CapturedCompletion c) throws SQLException {
		statement.setString(1, c.completionId());
		statement.setLong(2, c.createdAt().toEpochMilli());
		text(statement, 3, c.keyName());
		statement.setString(4, c.alias());
		statement.setString(5, c.upstream());
		statement.setString(6, c.upstreamModel());
		text(statement, 7, c.promptId());
		text(statement, 8, c.promptVersion());
		text(statement, 9, c.sentSystemPrompt());
		statement.setString(10, c.messagesJson());
		text(statement, 11, c.toolsJson());
		statement.setString(12, c.answerJson());
		text(statement, 13, c.finishReason());
		number(statement, 14, c.promptTokens());
		number(statement, 15, c.completionTokens());
		statement.setLong(16, c.timeToFirstTokenMillis());
		statement.setLong(17, c.durationMillis());
	}

	private static void text(PreparedStatement statement, int index, @Nullable String value) throws SQLException {
		if (value != null) {
			statement.setString(index, value);
		}
		else {
			statement.setNull(index, Types.VARCHAR);
		}
	}

	private static void number(PreparedStatement statement, int index, @Nullable Integer value) throws SQLException {
		if (value != null) {
			statement.setInt(index, value);
		}
		else {
			statement.setNull(index, Types.INTEGER);
		}
	}

	/**
	 * The API key a completion was captured under.
	 *
	 * @param keyName the key's name, or null if captured while keys were off
	 */
	record Owner(@Nullable String keyName) {
	}

	/**
	 * A captured completion with its rating, as an export reads it.
	 *
	 * @param completionId the completion id
	 * @param systemPrompt the system message sent upstream, or null
	 * @param messages the caller's messages (JSON)
	 * @param tools the tools offered (JSON), or null
	 * @param answer the assistant's answer (JSON)
	 * @param rating 1 or -1
	 * @param correction the answer an expert would give, or null
	 */
	record RatedCompletion(String completionId, @Nullable String systemPrompt, String messages, @Nullable String tools,
			String answer, int rating, @Nullable String correction) {

		@Override
		public String toString() {
			return "RatedCompletion[" + this.completionId + ", rating=" + this.rating + "]";
		}

	}

}
