package com.intelia.llm.provider.huggingface;

import java.util.Locale;
import java.util.Map;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.provider.UpstreamHttpException;
import dev.langchain4j.exception.HttpException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Explains the HuggingFace router's failures in terms an operator can act on. The router
 * answers both OpenAI-style error objects and plain {@code {"error":"text"}} bodies,
 * sometimes with an {@code X-Error-Code} header such as {@code GatedRepo}; the
 * explanation names the variable to fix and never contains the token.
 */
final class HuggingFaceErrors {

	private static final Map<String, String> NO_RETRY = Map.of("x-should-retry", "false");

	private HuggingFaceErrors() {
	}

	/** The explanation for a HuggingFace error, or null to use the generic mapping. */
	static @Nullable ApiException explain(HttpException http, String model) {
		int status = http.statusCode();
		String body = (http.getMessage() == null) ? "" : http.getMessage();
		String lower = body.toLowerCase(Locale.ROOT);
		String errorCode = (http instanceof UpstreamHttpException withHeaders) ? withHeaders.header("x-error-code")
				: null;
		if ((status == 401 || status == 403) && ("GatedRepo".equalsIgnoreCase(errorCode) || lower.contains("gated")
				|| (lower.contains("access to model") && lower.contains("restricted")))) {
			return bad("upstream_model_gated", "HuggingFace refuses access to the gated model '" + model
					+ "' (HUGGINGFACE_MODEL). Sign in to huggingface.co with the token's account, open the model page"
					+ " and accept the Meta Llama licence, then enable \"Read access to contents of all public gated repos"
					+ " you can access\" on the token (HUGGINGFACE_API_KEY) and restart.");
		}
		if (status == 403 && lower.contains("sufficient permissions")) {
			return bad("upstream_permission_denied", "HuggingFace says HUGGINGFACE_API_KEY lacks the \"Make calls to"
					+ " Inference Providers\" permission. Edit the token at huggingface.co/settings/tokens (a fine-grained"
					+ " token with that permission), or create a new one, and restart.");
		}
		if (status == 401) {
			return bad("upstream_auth_failed", "HuggingFace rejected HUGGINGFACE_API_KEY (HTTP 401: invalid"
					+ " credentials). The token must start with hf_, be current, and carry the \"Inference Providers\""
					+ " permission; create one at huggingface.co/settings/tokens and restart.");
		}
		if (status == 402) {
			return bad("upstream_credits_exhausted", "HuggingFace says the account's Inference Providers credits are"
					+ " used up (HTTP 402). Add credits or a PRO subscription to the account that owns HUGGINGFACE_API_KEY,"
					+ " or switch to LLM_PROVIDER=vllm.");
		}
		if (status == 404 || (status == 400 && lower.contains("model_not_supported"))) {
			return bad("upstream_model_not_found", "HuggingFace has no provider serving '" + model
					+ "' (HUGGINGFACE_MODEL). Check the model id, and the ':provider' suffix if you set one (such as"
					+ " ':fastest' or ':cerebras'); the model page lists the providers that serve it.");
		}
		return null;
	}

	private static ApiException bad(String code, String message) {
		return new ApiException(HttpStatus.BAD_GATEWAY, "server_error", code, null, message, NO_RETRY);
	}

}
