package com.intelia.llm.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The accepted API keys, from {@code LLM_API_KEYS} and {@code LLM_API_KEYS_FILE}. Only
 * their digests are kept; a presented key is digested and compared with every accepted
 * digest in constant time, so neither timing nor an early exit tells how close a guess
 * was.
 */
@Component
class ApiKeys {

	private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

	private final List<ApiKey> keys;

	ApiKeys(AccessProperties properties) {
		this.keys = load(properties);
		if (this.keys.isEmpty()) {
			log.warn("No API keys configured (LLM_API_KEYS, LLM_API_KEYS_FILE): the API is open to anyone "
					+ "who can reach it.");
		}
		else {
			log.info("API keys required; {} key(s) accepted: {}", this.keys.size(), names());
		}
	}

	/** Whether keys are required at all. */
	boolean required() {
		return !this.keys.isEmpty();
	}

	/** The name of the presented key, or null if it is not accepted. */
	@Nullable String nameOf(String presented) {
		byte[] digest = ApiKeyParser.sha256(presented);
		String match = null;
		for (ApiKey key : this.keys) {
			// No early exit: every key is compared whatever the outcome.
			if (MessageDigest.isEqual(key.digest(), digest) && match == null) {
				match = key.name();
			}
		}
		return match;
	}

	/** The names of the accepted keys, in order. */
	List<String> names() {
		return this.keys.stream().map(ApiKey::name).toList();
	}

	private static List<ApiKey> load(AccessProperties properties) {
		List<ApiKey> keys = new ArrayList<>(
				ApiKeyParser.parse(Arrays.asList(properties.apiKeys().split(",")), "LLM_API_KEYS"));
		if (!properties.apiKeysFile().isBlank()) {
			keys.addAll(ApiKeyParser.parse(readLines(Path.of(properties.apiKeysFile())), "LLM_API_KEYS_FILE"));
		}
		checkUnique(keys);
		return List.copyOf(keys);
	}

	private static List<String> readLines(Path file) {
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read LLM_API_KEYS_FILE " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static void checkUnique(List<ApiKey> keys) {
		Set<String> names = new HashSet<>();
		Set<String> digests = new HashSet<>();
		for (ApiKey key : keys) {
			if (!names.add(key.name())) {
				throw new IllegalStateException("Two API keys share the name '" + key.name() + "'.");
			}
			if (!digests.add(Arrays.toString(key.digest()))) {
				throw new IllegalStateException("The API key named '" + key.name() + "' is listed twice.");
			}
		}
	}

}
