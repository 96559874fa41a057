package com.intelia.llm.prompt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary {@code PROMPTS_DIR} that tests write prompt files into.
 */
record PromptFolder(Path root) {

	Path write(String relativePath, String content) {
		try {
			Path file = this.root.resolve(relativePath);
			Files.createDirectories(file.getParent());
			// Written then moved, as editors and ConfigMaps do, so a poll never reads
			// half a
			// file.
			Path temp = Files.createTempFile(this.root, ".edit", ".tmp");
			Files.writeString(temp, content);
			return Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
					java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void delete(String relativePath) {
		try {
			Files.delete(this.root.resolve(relativePath));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	PromptLibrary library() {
		return new PromptLibrary(new PromptProperties(this.root.toString(), java.time.Duration.ofSeconds(2)));
	}

}
