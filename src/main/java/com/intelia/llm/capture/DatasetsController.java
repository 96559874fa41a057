package com.intelia.llm.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

import com.intelia.llm.capture.CaptureDatabase.Connected;
import com.intelia.llm.capture.CaptureMetrics.Outcome;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.ErrorResponse;
import com.intelia.llm.web.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin endpoints: {@code GET /v1/datasets/export} and
 * {@code DELETE /v1/datasets/captures}. Access control lets only admin keys
 * ({@code LLM_ADMIN_KEYS}) in; without any key configured they answer 404 here too, so
 * they are never open.
 */
@RestController
class DatasetsController {

	private static final Logger log = LoggerFactory.getLogger(DatasetsController.class);

	private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private final CaptureDatabase database;

	private final CaptureStore store;

	private final DatasetExport export;

	private final CaptureMetrics metrics;

	DatasetsController(CaptureDatabase database, CaptureStore store, DatasetExport export, CaptureMetrics metrics) {
		this.database = database;
		this.store = store;
		this.export = export;
		this.metrics = metrics;
	}

	@GetMapping("/v1/datasets/export")
	@Operation(summary = "Export training data (admin key)",
			description = "Streams JSONL: format=openai-sft|trl-kto|trl-dpo; since and until (a UTC day or an "
					+ "instant), alias, prompt_version; system_prompt=omit gives the caller's messages as sent "
					+ "instead of leading with the system prompt that was sent upstream.")
	@ApiResponse(responseCode = "200", description = "One training example per line",
			content = @Content(mediaType = "application/x-ndjson"))
	@ApiResponse(responseCode = "400", description = "A parameter is wrong; error.param names it",
			content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
	@ApiResponse(responseCode = "403", description = "Not an admin key",
			content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
	void export(HttpServletRequest request, HttpServletResponse response) {
		String admin = admin(request);
		ExportQuery query = ExportQuery.from(request.getParameterMap());
		Connected connected = this.database.require();
		response.setContentType(MediaType.APPLICATION_NDJSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"captures-" + query.format().id() + ".jsonl\"");
		try {
			DatasetExport.Counts counts = this.export.write(connected, query, response.getOutputStream());
			log.info("Export {} for admin key '{}': {} line(s), {} rated completion(s) left out as they do not fit "
					+ "the format.", query.format().id(), admin, counts.lines(), counts.skipped());
		}
		catch (DatasetExport.Failed ex) {
			this.database.failed(ex.database());
			if (!ex.started()) {
				response.reset();
				throw this.database.unavailable();
			}
		}
		catch (UncheckedIOException | IOException ex) {
			log.info("Export {} for admin key '{}' ended early: the client left.", query.format().id(), admin);
		}
	}

	@DeleteMapping("/v1/datasets/captures")
	@Operation(summary = "Erase a key's captures (admin key)",
			description = "Deletes every captured completion of the named API key, with its feedback.")
	@ApiResponse(responseCode = "200", description = "{\"key_name\", \"deleted\"}")
	@ApiResponse(responseCode = "400", description = "key_name is missing or malformed",
			content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
	@ApiResponse(responseCode = "403", description = "Not an admin key",
			content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
	Map<String, Object> erase(HttpServletRequest request) {
		String admin = admin(request);
		String keyName = keyName(request.getParameterMap());
		Connected connected = this.database.require();
		int deleted;
		try {
			deleted = this.store.erase(connected, keyName);
		}
		catch (DataAccessException | TransactionException ex) {
			this.database.failed(ex);
			throw this.database.unavailable();
		}
		this.metrics.count(Outcome.ERASED, deleted);
		log.info("Erased {} captured completion(s) of key '{}' at the request of admin key '{}'.", deleted, keyName,
				admin);
		return Map.of("key_name", keyName, "deleted", deleted);
	}

	/**
	 * The admin key's name. Access control already refused everyone else; this keeps the
	 * endpoints shut should a request ever get here without a key.
	 */
	private static String admin(HttpServletRequest request) {
		String caller = RequestIds.caller(request);
		if (caller == null) {
			throw new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", "not_found", null,
					"The dataset endpoints are off: they need API keys (LLM_API_KEYS) and an admin key "
							+ "(LLM_ADMIN_KEYS).");
		}
		return caller;
	}

	private static String keyName(Map<String, String[]> parameters) {
		for (String name : parameters.keySet()) {
			if (!"key_name".equals(name)) {
				throw ApiException.unsupportedParam(name, "Unknown parameter; erasure takes key_name only.");
			}
		}
		String[] values = parameters.get("key_name");
		if (values == null || values.length != 1 || !KEY_NAME.matcher(values[0]).matches()) {
			throw ApiException.invalidParam("key_name",
					"'key_name' is required, once: the name of the API key whose captures to erase.");
		}
		return values[0];
	}

}
