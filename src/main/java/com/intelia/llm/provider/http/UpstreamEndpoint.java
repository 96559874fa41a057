package com.intelia.llm.provider.http;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * Where an OpenAI-compatible upstream answers, and the key it wants.
 *
 * @param baseUrl the API root, ending before {@code /chat/completions} (for example
 * {@code http://gpu:8000/v1}), without a trailing slash
 * @param apiKey the Bearer token, or null if the upstream takes none
 */
public record UpstreamEndpoint(String baseUrl, @Nullable String apiKey) {

	public UpstreamEndpoint {
		baseUrl = baseUrl.strip();
		while (baseUrl.endsWith("/")) {
			baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
		}
		apiKey = (apiKey == null || apiKey.isBlank()) ? null : apiKey.strip();
	}

	/**
	 * An operator's URL, checked: absolute http(s) with a host, without trailing slashes.
	 * @param url the value as configured
	 * @param setting where it was configured, for the message
	 * @param hint what to do instead, for the message
	 * @return the URL, stripped
	 * @throws IllegalStateException naming the setting when the URL is not usable
	 */
	public static String checkedUrl(String url, String setting, String hint) {
		String stripped = url.strip();
		while (stripped.endsWith("/")) {
			stripped = stripped.substring(0, stripped.length() - 1);
		}
		URI uri;
		try {
			uri = URI.create(stripped);
		}
		catch (IllegalArgumentException ex) {
			uri = null;
		}
		if (uri == null || uri.getHost() == null
				|| !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
			throw new IllegalStateException(setting + " '" + url + "' is not an http(s) URL; " + hint + ".");
		}
		return stripped;
	}

	@Override
	public String toString() {
		return "UpstreamEndpoint[baseUrl=" + this.baseUrl + ", apiKey=" + ((this.apiKey != null) ? "***" : "none")
				+ "]";
	}

}
