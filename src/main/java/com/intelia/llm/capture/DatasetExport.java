package com.intelia.llm.capture;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import com.intelia.llm.capture.CaptureDatabase.Connected;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.ErrorWriter;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams an export as JSONL, one row in memory at a time whatever the size. If the
 * database fails before any byte is sent, nothing is written and the caller can still
 * answer 503; once lines are out, the export ends with a line holding an OpenAI error
 * object, which no trainer mistakes for an example.
 */
final class DatasetExport {

	private final CaptureStore store;

	private final TrainingExamples examples;

	private final JsonMapper json;

	DatasetExport(CaptureStore store, JsonMapper json) {
		this.store = store;
		this.examples = new TrainingExamples(json);
		this.json = json;
	}

	/**
	 * Writes the lines.
	 * @return how many lines were written and how many rated completions did not fit the
	 * format
	 * @throws Failed when the database fails
	 * @throws UncheckedIOException when the client leaves
	 */
	Counts write(Connected database, ExportQuery query, OutputStream target) {
		Sent sent = new Sent(target);
		BufferedOutputStream out = new BufferedOutputStream(sent, 64 * 1024);
		long[] counts = new long[2];
		try {
			this.store.forEachRated(database, query, (rated) -> {
				ObjectNode line = this.examples.line(query.format(), rated, query.omitSystemPrompt());
				if (line == null) {
					counts[1]++;
					return;
				}
				writeLine(out, line);
				counts[0]++;
			});
		}
		catch (DataAccessException | TransactionException ex) {
			if (sent.any) {
				writeError(out);
				flush(out);
			}
			throw new Failed(ex, sent.any);
		}
		flush(out);
		return new Counts(counts[0], counts[1]);
	}

	private void writeLine(OutputStream out, Object line) {
		try {
			out.write(this.json.writeValueAsBytes(line));
			out.write('\n');
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The envelope, by the one error writer, as the last line. */
	private static void writeError(OutputStream out) {
		try {
			out.write(ErrorWriter.json(failure()));
			out.write('\n');
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void flush(OutputStream out) {
		try {
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ApiException failure() {
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "capture_unavailable", null,
				"The export stopped: the capture database failed. The lines above are incomplete; run the export "
						+ "again.");
	}

	/** Notes whether any byte got past the buffer to the client. */
	private static final class Sent extends FilterOutputStream {

		private boolean any;

		Sent(OutputStream target) {
			super(target);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.any |= length > 0;
			this.out.write(bytes, offset, length);
		}

		@Override
		public void write(int b) throws IOException {
			this.any = true;
			this.out.write(b);
		}

	}

	/** The database failed during an export. */
	static final class Failed extends RuntimeException {

		private final boolean started;

		Failed(RuntimeException cause, boolean started) {
			super("The capture database failed during an export", cause);
			this.started = started;
		}

		/** Whether lines had already been sent. */
		boolean started() {
			return this.started;
		}

		RuntimeException database() {
			return (RuntimeException) getCause();
		}

	}

	/**
	 * What an export wrote.
	 *
	 * @param lines lines written
	 * @param skipped rated completions that did not make a valid example
	 */
	record Counts(long lines, long skipped) {
	}

}
