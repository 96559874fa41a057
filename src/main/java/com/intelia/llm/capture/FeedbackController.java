package com.intelia.llm.capture;

import java.time.Instant;
import java.util.Objects;

import com.intelia.llm.capture.CaptureDatabase.Connected;
import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.ErrorResponse;
import com.intelia.llm.web.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/feedback}: a rating, and optionally a comment and an expert's
 * correction, for a captured completion of the caller's own key.
 */
@RestController
class FeedbackController {

	private final CaptureDatabase database;

	private final CaptureStore store;

	private final Redactor redactor;

	private final CaptureIntake intake;

	FeedbackController(CaptureDatabase database, CaptureStore store, Redactor redactor, CaptureIntake intake) {
		this.database = database;
		this.store = store;
		this.redactor = redactor;
		this.intake = intake;
	}

	@PostMapping(path = "/v1/feedback", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Rate a captured completion",
			description = "Body: {\"completion_id\", \"rating\": 1 or -1, \"comment\"?, \"correction\"?}. "
					+ "A key rates only its own completions; rating again replaces the earlier rating. "
					+ "Comment and correction are redacted like captures.")
	@ApiResponse(responseCode = "204", description = "Recorded")
	@ApiResponse(responseCode = "400", description = "A field is wrong; error.param names it",
			content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
	@ApiResponse(responseCode = "404",
			description = "No completion with that id was captured for this key (code completion_not_found)",
			content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
	@ApiResponse(responseCode = "503", description = "The capture database is unavailable (code capture_unavailable)",
			content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
	ResponseEntity<Void> rate(@RequestBody JsonNode body, HttpServletRequest request) {
		Feedback feedback = Feedback.read(body);
		String caller = RequestIds.caller(request);
		if (!this.intake.mayHoldCaptures()) {
			throw notFound(feedback.completionId());
		}
		Connected connected = this.database.require();
		try {
			CaptureStore.Owner owner = this.store.owner(connected, feedback.completionId());
			if (owner == null || !Objects.equals(owner.keyName(), caller)) {
				throw notFound(feedback.completionId());
			}
			this.store.rate(connected, feedback.completionId(), feedback.rating(),
					this.redactor.text(feedback.comment()), this.redactor.text(feedback.correction()), Instant.now());
		}
		catch (DataAccessException | TransactionException ex) {
			this.database.failed(ex);
			throw this.database.unavailable();
		}
		return ResponseEntity.noContent().build();
	}

	/** The same answer for another key's completion as for none: ids are not revealed. */
	private static ApiException notFound(String completionId) {
		String shown = (completionId.length() > 64) ? completionId.substring(0, 64) + "…" : completionId;
		return new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", "completion_not_found", "completion_id",
				"No captured completion '" + shown + "' for this API key. Only captured completions can be rated, "
						+ "by the key that asked for them.");
	}

}
