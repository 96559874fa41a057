package com.intelia.llm.capture;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one openai-sft export of a database to nowhere and prints how many lines it wrote;
 * {@link ExportMemoryTest} starts it in a JVM with a heap smaller than the data.
 */
public final class ExportMemoryProbe {

	private ExportMemoryProbe() {
	}

	public static void main(String[] args) {
		CaptureDatabase database = new CaptureDatabase(
				DatabaseUrl.parse(new CaptureProperties.Database(args[0], "", "")), Duration.ofSeconds(1));
		DatasetExport export = new DatasetExport(new CaptureStore(), JsonMapper.builder().build());
		DatasetExport.Counts counts = export.write(database.require(),
				ExportQuery.from(Map.of("format", new String[] { "openai-sft" })), OutputStream.nullOutputStream());
		database.close();
		System.out.println("exported lines=" + counts.lines());
	}

}
