package com.intelia.llm.prompt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import com.intelia.llm.prompt.PromptTemplate.Origin;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code PROMPTS_DIR} folder and the last good version of each of its files. Only
 * {@code <id>/v<N>.md} entries whose names match the strict patterns are read, one level
 * deep. A file that fails to parse is logged with its file and line and its last good
 * text keeps serving; a file that disappears stops serving.
 */
final class PromptDirectory {

	private static final Logger log = LoggerFactory.getLogger(PromptDirectory.class);

	/** Prompts are a few kilobytes; anything far larger is a mistake, not a prompt. */
	private static final long MAX_BYTES = 1_000_000;

	private final Path root;

	private final Map<Path, Entry> entries = new HashMap<>();

	private final Set<Path> unreadable = new HashSet<>();

	private boolean rootMissingLogged;

	PromptDirectory(Path root) {
		if (!Files.isDirectory(root)) {
			throw new IllegalStateException("PROMPTS_DIR is '" + root + "', which is not a folder.");
		}
		this.root = root.toAbsolutePath().normalize();
	}

	Path root() {
		return this.root;
	}

	/**
	 * Reads the folder again and parses what changed.
	 * @return whether the set of serving versions changed
	 */
	boolean scan() {
		Map<Path, String> files = readAll();
		if (files == null) {
			return false;
		}
		boolean changed = this.entries.keySet().retainAll(files.keySet());
		for (Map.Entry<Path, String> file : files.entrySet()) {
			changed |= update(file.getKey(), file.getValue());
		}
		return changed;
	}

	/** The last good version of every file still present. */
	List<PromptTemplate> templates() {
		return this.entries.values().stream().map(Entry::lastGood).filter(Objects::nonNull).toList();
	}

	private boolean update(Path path, String content) {
		Entry old = this.entries.get(path);
		if (old != null && old.content().equals(content)) {
			return false;
		}
		String id = path.getParent().getFileName().toString();
		Matcher file = PromptNames.FILE.matcher(path.getFileName().toString());
		file.matches();
		try {
			PromptTemplate template = PromptParser.parse(id, Integer.parseInt(file.group(1)), Origin.PROMPTS_DIR,
					path.toString(), content);
			this.entries.put(path, new Entry(content, template));
			log.info("Prompt {} {} loaded from {}", id, template.version(), path);
			return true;
		}
		catch (PromptParseException ex) {
			PromptTemplate lastGood = (old != null) ? old.lastGood() : null;
			this.entries.put(path, new Entry(content, lastGood));
			log.error("Prompt file {}, line {}: {}. {}", ex.location(), ex.line(), ex.problem(),
					(lastGood != null) ? "The last good version keeps serving." : "It is not served.");
			return false;
		}
	}

	/** The text of every candidate file, or null if the folder cannot be listed now. */
	private @Nullable Map<Path, String> readAll() {
		Map<Path, String> files = new HashMap<>();
		try (Stream<Path> ids = Files.list(this.root)) {
			for (Path dir : ids.filter(PromptDirectory::isPromptFolder).toList()) {
				try (Stream<Path> versions = Files.list(dir)) {
					versions.filter(PromptDirectory::isVersionFile).forEach((path) -> read(path, files));
				}
			}
			this.rootMissingLogged = false;
			return files;
		}
		catch (IOException ex) {
			if (!this.rootMissingLogged) {
				log.warn("Cannot list PROMPTS_DIR {} ({}); the prompts loaded before keep serving.", this.root,
						ex.toString());
				this.rootMissingLogged = true;
			}
			return null;
		}
	}

	private void read(Path path, Map<Path, String> files) {
		try {
			files.put(path, decode(path));
			this.unreadable.remove(path);
		}
		catch (IOException ex) {
			// Being replaced, too large or not UTF-8: keep what was there, and say so
			// once.
			Entry old = this.entries.get(path);
			if (old != null) {
				files.put(path, old.content());
			}
			if (this.unreadable.add(path)) {
				log.warn("Cannot read prompt file {}: {}", path, ex.toString());
			}
		}
	}

	private static String decode(Path path) throws IOException {
		if (Files.size(path) > MAX_BYTES) {
			throw new IOException("larger than " + MAX_BYTES + " bytes");
		}
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
		}
		catch (CharacterCodingException ex) {
			throw new IOException("not UTF-8", ex);
		}
	}

	private static boolean isPromptFolder(Path path) {
		return PromptNames.ID.matcher(path.getFileName().toString()).matches() && Files.isDirectory(path);
	}

	private static boolean isVersionFile(Path path) {
		return PromptNames.FILE.matcher(path.getFileName().toString()).matches() && Files.isRegularFile(path);
	}

	/**
	 * A file's text and the last version of it that parsed.
	 *
	 * @param content the text last read
	 * @param lastGood the last version that parsed, or null if none did
	 */
	private record Entry(String content, @Nullable PromptTemplate lastGood) {
	}

}
