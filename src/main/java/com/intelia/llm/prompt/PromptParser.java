package com.intelia.llm.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.intelia.llm.prompt.PromptTemplate.Origin;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheParseException;
import com.samskivert.mustache.Template;

/**
 * Reads a prompt file: optional YAML front matter between {@code ---} lines, then a
 * Mustache body. Every failure names the file and line, because it is a prompt engineer
 * who will read it in the log.
 */
final class PromptParser {

	/**
	 * Prompts are plain text for a model, not HTML: no escaping. An empty value counts as
	 * false, so an optional {@code {{#farm}}...{{/farm}}} section disappears when blank.
	 */
	private static final Mustache.Compiler MUSTACHE = Mustache.compiler().escapeHTML(false).emptyStringIsFalse(true);

	private static final Pattern MUSTACHE_LINE = Pattern.compile("@ line (\\d+)");

	/** Names Mustache gives a meaning of its own inside sections. */
	private static final Set<String> SPECIAL = Set.of(".", "this", "-first", "-last", "-index");

	private PromptParser() {
	}

	/**
	 * Parses one version file.
	 * @param id the prompt id, from the folder name
	 * @param number the version number, from the file name
	 * @param origin bundled or {@code PROMPTS_DIR}
	 * @param location the file, for error messages
	 * @param content the file's text
	 */
	static PromptTemplate parse(String id, int number, Origin origin, String location, String content) {
		String text = content.replace("\r\n", "\n");
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		List<String> lines = text.lines().toList();
		FrontMatter front = FrontMatter.EMPTY;
		int bodyLine = 1;
		if (!lines.isEmpty() && lines.get(0).strip().equals("---")) {
			int close = closingLine(lines, location);
			front = FrontMatter.parse(String.join("\n", lines.subList(1, close)), location, 2);
			bodyLine = close + 2;
		}
		String body = String.join("\n", lines.subList(Math.min(bodyLine - 1, lines.size()), lines.size()));
		if (body.isBlank()) {
			throw new PromptParseException(location, bodyLine, "the template after the front matter is empty");
		}
		Template compiled = compile(body, location, bodyLine);
		List<PromptVariable> variables = variables(front, compiled, body, location, bodyLine);
		return new PromptTemplate(id, number, front.description(), front.changelog(), variables, body, origin,
				compiled);
	}

	private static int closingLine(List<String> lines, String location) {
		for (int i = 1; i < lines.size(); i++) {
			if (lines.get(i).strip().equals("---")) {
				return i;
			}
		}
		throw new PromptParseException(location, 1, "the front matter opened here is never closed by a '---' line");
	}

	private static Template compile(String body, String location, int bodyLine) {
		try {
			return MUSTACHE.compile(body);
		}
		catch (MustacheParseException ex) {
			Matcher matcher = MUSTACHE_LINE.matcher(String.valueOf(ex.getMessage()));
			int line = matcher.find() ? Integer.parseInt(matcher.group(1)) : 1;
			throw new PromptParseException(location, bodyLine + line - 1, "invalid template: " + ex.getMessage());
		}
	}

	/**
	 * The declared variables, then those the body uses without declaring them. A variable
	 * the body prints, never uses as a section, and the front matter gives no default is
	 * required. A section named {@code variable.value} belongs to an enumerated variable
	 * and must name one of its values, so a typo is caught here rather than silently
	 * rendering nothing.
	 */
	private static List<PromptVariable> variables(FrontMatter front, Template compiled, String body, String location,
			int bodyLine) {
		Usage usage = Usage.of(compiled);
		if (!usage.partials().isEmpty()) {
			String partial = usage.partials().get(0);
			throw new PromptParseException(location, bodyLine + lineOf(body, partial),
					"partials such as {{> " + partial + "}} are not supported");
		}
		Map<String, Boolean> printed = new LinkedHashMap<>();
		front.variables().keySet().forEach((name) -> printed.put(name, false));
		List<String> sections = new ArrayList<>();
		for (String section : usage.sections()) {
			String name = sectionVariable(front, section, body, location, bodyLine);
			if (!sections.contains(name)) {
				sections.add(name);
			}
		}
		sections.forEach((name) -> printed.putIfAbsent(name, false));
		// A variable that also names a section is a condition, so not required; if it is
		// printed outside its section too, rendering without it still fails with a 400.
		usage.values().stream().filter((name) -> !sections.contains(name)).forEach((name) -> printed.put(name, true));
		usage.values().forEach((name) -> printed.putIfAbsent(name, false));
		List<PromptVariable> variables = new ArrayList<>();
		printed.forEach((name, isPrinted) -> {
			checkName(name, body, location, bodyLine);
			FrontMatter.Declared declared = front.variables().getOrDefault(name, FrontMatter.Declared.NONE);
			variables.add(new PromptVariable(name, declared.defaultValue(),
					isPrinted && declared.defaultValue() == null, declared.values()));
		});
		return variables;
	}

	/**
	 * The variable a section stands for: itself, or for {@code species.broiler} the
	 * enumerated variable {@code species}, once {@code broiler} is known to be one of its
	 * values.
	 */
	private static String sectionVariable(FrontMatter front, String section, String body, String location,
			int bodyLine) {
		int dot = section.indexOf('.');
		if (dot < 0) {
			return section;
		}
		String name = section.substring(0, dot);
		String value = section.substring(dot + 1);
		List<String> values = front.variables().getOrDefault(name, FrontMatter.Declared.NONE).values();
		if (values == null) {
			throw new PromptParseException(location, bodyLine + lineOf(body, section), "section '" + section
					+ "' needs '" + name + "' declared with values in the front matter (no other dotted paths)");
		}
		if (!values.contains(value)) {
			throw new PromptParseException(location, bodyLine + lineOf(body, section),
					"section '" + section + "': '" + value + "' is not one of the values of '" + name + "' " + values);
		}
		return name;
	}

	private static void checkName(String name, String body, String location, int bodyLine) {
		if (!FrontMatter.VARIABLE.matcher(name).matches()) {
			String hint = name.contains(".") ? " ({{" + name + "}} can only open a section: {{#" + name + "}})"
					: " (no dotted paths)";
			throw new PromptParseException(location, bodyLine + lineOf(body, name),
					"variable '" + name + "' must be letters, digits and '_'" + hint);
		}
	}

	private static int lineOf(String body, String name) {
		int at = body.indexOf(name);
		return (at < 0) ? 0 : (int) body.substring(0, at).chars().filter((c) -> c == '\n').count();
	}

	/** What a template refers to, in order of appearance. */
	private record Usage(List<String> values, List<String> sections, List<String> partials) {

		static Usage of(Template template) {
			Usage usage = new Usage(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
			template.visit(new Mustache.Visitor() {
				@Override
				public void visitText(String text) {
				}

				@Override
				public void visitVariable(String name) {
					usage.add(usage.values(), name);
				}

				@Override
				public boolean visitInclude(String name) {
					usage.partials().add(name);
					return false;
				}

				@Override
				public boolean visitSection(String name) {
					usage.add(usage.sections(), name);
					return true;
				}

				@Override
				public boolean visitInvertedSection(String name) {
					usage.add(usage.sections(), name);
					return true;
				}
			});
			return usage;
		}

		private void add(List<String> names, String name) {
			if (!SPECIAL.contains(name) && !names.contains(name)) {
				names.add(name);
			}
		}

	}

}
