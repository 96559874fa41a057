package com.intelia.llm.eval;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Tells French from English by counting each language's commonest short words. Enough to
 * catch an answer in the wrong language, which is all the evaluation needs; not a general
 * language detector.
 */
final class LanguageGuess {

	private static final Pattern WORD = Pattern.compile("[\\p{L}']+");

	private static final Set<String> FRENCH = Set.of("le", "la", "les", "des", "du", "un", "une", "est", "sont", "et",
			"pour", "dans", "avec", "vous", "votre", "vos", "pas", "que", "qui", "sur", "au", "aux", "ce", "cette",
			"il", "elle", "nous", "ne", "plus", "si", "ou", "leur", "sans", "entre", "chez");

	private static final Set<String> ENGLISH = Set.of("the", "and", "is", "are", "to", "of", "in", "for", "with", "you",
			"your", "not", "that", "which", "on", "at", "this", "it", "we", "be", "if", "or", "their", "without",
			"between", "should", "check");

	private LanguageGuess() {
	}

	/** {@code fr}, {@code en}, or null when the text gives no clue. */
	static @Nullable String of(String text) {
		int french = 0;
		int english = 0;
		Matcher words = WORD.matcher(text.toLowerCase(Locale.ROOT));
		while (words.find()) {
			String word = words.group();
			french += FRENCH.contains(word) ? 1 : 0;
			english += ENGLISH.contains(word) ? 1 : 0;
		}
		if (french == english) {
			return null;
		}
		return (french > english) ? "fr" : "en";
	}

}
