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
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The accepted API keys, from {@code LLM_API_KEYS} and {@code LLM_API_KEYS_FILE}, and the
 * admin keys from {@code LLM_ADMIN_KEYS}. Only their digests are kept; a presented key is
 * digested and compared with every accepted digest in constant time, so neither timing
 * nor an early exit tells how close a guess was. Other features read a key's own settings
 * by its name.
 */
@Component
public class ApiKeys {

	private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

	private final List<ApiKey> keys;

	private final List<ApiKey> adminKeys;

	private final Map<String, ApiKey> byName;

	ApiKeys(AccessProperties properties) {
		this.keys = load(properties);
		this.adminKeys = ApiKeyParser.parse(Arrays.asList(properties.adminKeys().split(",")), "LLM_ADMIN_KEYS");
		checkAdminKeys(this.adminKeys);
		List<ApiKey> all = new ArrayList<>(this.keys);
		all.addAll(this.adminKeys);
		checkUnique(all);
		this.byName = this.keys.stream().collect(Collectors.toUnmodifiableMap(ApiKey::name, Function.identity()));
		if (this.keys.isEmpty()) {
			log.warn("No API keys configured (LLM_API_KEYS, LLM_API_KEYS_FILE): the API is open to anyone "
					+ "who can reach it.");
		}
		else {
			log.info("API keys required; {} key(s) accepted: {}", this.keys.size(), names());
		}
		if (!this.adminKeys.isEmpty()) {
			log.info("{} admin key(s) accepted on /v1/datasets: {}", this.adminKeys.size(),
					this.adminKeys.stream().map(ApiKey::name).toList());
		}
	}

	/** Whether keys are required at all. */
	boolean required() {
		return !this.keys.isEmpty();
	}

	/** Whether any admin key is configured. */
	boolean adminConfigured() {
		return !this.adminKeys.isEmpty();
	}

	/**
	 * The name of the presented key, or null if it is not an accepted (non-admin) key.
	 */
	@Nullable String nameOf(String presented) {
		return match(this.keys, presented);
	}

	/** The name of the presented admin key, or null if it is not one. */
	@Nullable String adminNameOf(String presented) {
		return match(this.adminKeys, presented);
	}

	/** The names of the accepted keys, in order. */
	List<String> names() {
		return this.keys.stream().map(ApiKey::name).toList();
	}

	/**
	 * Whether the named key is marked {@code capture=always}.
	 * @param name a key name, or null when keys are off
	 */
	public boolean alwaysCaptured(@Nullable String name) {
		return captureOf(name) == ApiKey.Capture.ALWAYS;
	}

	/**
	 * Whether the named key is marked {@code capture=never}.
	 * @param name a key name, or null when keys are off
	 */
	public boolean neverCaptured(@Nullable String name) {
		return captureOf(name) == ApiKey.Capture.NEVER;
	}

	/** Whether any key is marked {@code capture=always}. */
	public boolean anyAlwaysCaptured() {
		return this.keys.stream().anyMatch((key) -> key.capture() == ApiKey.Capture.ALWAYS);
	}

	private ApiKey.Capture captureOf(@Nullable String name) {
		ApiKey key = (name != null) ? this.byName.get(name) : null;
		return (key != null) ? key.capture() : ApiKey.Capture.DEFAULT;
	}

	private static @Nullable String match(List<ApiKey> candidates, String presented) {
		byte[] digest = ApiKeyParser.sha256(presented);
		String match = null;
		for (ApiKey key : candidates) {
			// No early exit: every key is compared whatever the outcome.
			if (MessageDigest.isEqual(key.digest(), digest) && match == null) {
				match = key.name();
			}
		}
		return match;
	}

	private static List<ApiKey> load(AccessProperties properties) {
		List<ApiKey> keys = new ArrayList<>(
				ApiKeyParser.parse(Arrays.asList(properties.apiKeys().split(",")), "LLM_API_KEYS"));
		if (!properties.apiKeysFile().isBlank()) {
			keys.addAll(ApiKeyParser.parse(readLines(Path.of(properties.apiKeysFile())), "LLM_API_KEYS_FILE"));
		}
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

	private static void checkAdminKeys(List<ApiKey> adminKeys) {
		for (ApiKey key : adminKeys) {
			if (key.capture() != ApiKey.Capture.DEFAULT) {
				throw new IllegalStateException("The admin key named '" + key.name()
						+ "' has a capture option; admin keys do not chat, so only LLM_API_KEYS entries take one.");
			}
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
