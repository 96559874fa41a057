package com.intelia.llm.prompt;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The YAML between the {@code ---} lines at the top of a prompt file. It is read as a
 * node tree rather than bound to objects, so every mistake (an unknown key, a list where
 * a text is expected) is reported with its line, and no YAML tag can build an object.
 *
 * @param description one line, or null
 * @param variables each declared variable, in file order
 * @param changelog what changed in this version
 */
record FrontMatter(@Nullable String description, Map<String, Declared> variables, List<String> changelog) {

	static final FrontMatter EMPTY = new FrontMatter(null, Map.of(), List.of());

	/** Variable names usable from Mustache without a dotted path. */
	static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

	/**
	 * The values an enumerated variable may take: short lower-case words, because each
	 * one also names a section such as {@code {{#species.broiler}}}.
	 */
	static final Pattern VALUE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

	/**
	 * A variable as the front matter declares it: {@code species: broilers} (a default),
	 * or {@code species: {default: ..., values: [broiler, layer]}} (an enumeration).
	 *
	 * @param defaultValue the value used when a request gives none, or null for none
	 * @param values the only values a request may give, or null for free text
	 */
	record Declared(@Nullable String defaultValue, @Nullable List<String> values) {

		static final Declared NONE = new Declared(null, null);

	}

	/**
	 * Reads the front matter.
	 * @param yaml the text between the {@code ---} lines
	 * @param location the file, for error messages
	 * @param firstLine the file line on which {@code yaml} starts
	 */
	static FrontMatter parse(String yaml, String location, int firstLine) {
		Node root;
		try {
			root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
		}
		catch (MarkedYAMLException ex) {
			int line = firstLine + ((ex.getProblemMark() != null) ? ex.getProblemMark().getLine() : 0);
			// YAML notices an unclosed bracket or quote lines later: say where it began.
			String began = (ex.getContextMark() != null && firstLine + ex.getContextMark().getLine() != line)
					? " (" + ex.getContext() + " on line " + (firstLine + ex.getContextMark().getLine()) + ")" : "";
			throw new PromptParseException(location, line, "invalid YAML front matter: " + ex.getProblem() + began);
		}
		catch (YAMLException ex) {
			throw new PromptParseException(location, firstLine, "invalid YAML front matter: " + ex.getMessage());
		}
		if (root == null) {
			return EMPTY;
		}
		return new Reader(location, firstLine).read(root);
	}

	/** Walks the node tree, knowing where each node sits in the file. */
	private record Reader(String location, int firstLine) {

		FrontMatter read(Node root) {
			MappingNode map = mapping(root, "the front matter");
			String description = null;
			Map<String, Declared> variables = Map.of();
			List<String> changelog = List.of();
			Set<String> seen = new HashSet<>();
			for (NodeTuple tuple : map.getValue()) {
				String key = scalar(tuple.getKeyNode(), "a front matter key");
				if (!seen.add(key)) {
					throw fail(tuple.getKeyNode(), "'" + key + "' is given twice");
				}
				Node value = tuple.getValueNode();
				switch (key) {
					case "description" -> description = scalar(value, "'description'");
					case "variables" -> variables = variables(value);
					case "changelog" -> changelog = changelog(value);
					default -> throw fail(tuple.getKeyNode(),
							"unknown key '" + key + "'; expected description, variables or changelog");
				}
			}
			return new FrontMatter(description, variables, changelog);
		}

		private Map<String, Declared> variables(Node node) {
			Map<String, Declared> variables = new LinkedHashMap<>();
			if (isNull(node)) {
				return variables;
			}
			for (NodeTuple tuple : mapping(node, "'variables'").getValue()) {
				String name = scalar(tuple.getKeyNode(), "a variable name");
				if (!VARIABLE.matcher(name).matches()) {
					throw fail(tuple.getKeyNode(), "variable name '" + name + "' must be letters, digits and '_'");
				}
				if (variables.containsKey(name)) {
					throw fail(tuple.getKeyNode(), "variable '" + name + "' is declared twice");
				}
				variables.put(name, declared(name, tuple.getValueNode()));
			}
			return variables;
		}

		private Declared declared(String name, Node node) {
			if (isNull(node)) {
				return Declared.NONE;
			}
			if (!(node instanceof MappingNode mapping)) {
				return new Declared(scalar(node, "the default of '" + name + "'"), null);
			}
			String defaultValue = null;
			List<String> values = null;
			for (NodeTuple tuple : mapping.getValue()) {
				String key = scalar(tuple.getKeyNode(), "a key of '" + name + "'");
				Node value = tuple.getValueNode();
				switch (key) {
					case "default" ->
						defaultValue = isNull(value) ? null : scalar(value, "the default of '" + name + "'");
					case "values" -> values = values(name, value);
					default -> throw fail(tuple.getKeyNode(),
							"unknown key '" + key + "' in variable '" + name + "'; expected default or values");
				}
			}
			if (values != null && defaultValue != null && !defaultValue.isEmpty() && !values.contains(defaultValue)) {
				throw fail(node, "the default of '" + name + "' is not one of its values " + values);
			}
			return new Declared(defaultValue, values);
		}

		private List<String> values(String name, Node node) {
			if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
				throw fail(node, "the values of '" + name + "' must be a non-empty list");
			}
			List<String> values = new ArrayList<>();
			for (Node entry : sequence.getValue()) {
				String value = scalar(entry, "a value of '" + name + "'");
				if (!VALUE.matcher(value).matches()) {
					throw fail(entry, "value '" + value + "' of '" + name + "' must be a lower-case word ("
							+ "letters, digits, '_'), because it also names a section");
				}
				if (values.contains(value)) {
					throw fail(entry, "value '" + value + "' of '" + name + "' is listed twice");
				}
				values.add(value);
			}
			return List.copyOf(values);
		}

		private List<String> changelog(Node node) {
			if (node instanceof SequenceNode sequence) {
				List<String> entries = new ArrayList<>();
				for (Node entry : sequence.getValue()) {
					entries.add(scalar(entry, "a changelog entry"));
				}
				return entries;
			}
			return isNull(node) ? List.of() : List.of(scalar(node, "'changelog'"));
		}

		private MappingNode mapping(Node node, String what) {
			if (node instanceof MappingNode mapping) {
				return mapping;
			}
			throw fail(node, what + " must be a map of keys to values");
		}

		private String scalar(Node node, String what) {
			if (node instanceof ScalarNode scalar) {
				return scalar.getValue();
			}
			throw fail(node, what + " must be a single value");
		}

		private static boolean isNull(Node node) {
			return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
		}

		private PromptParseException fail(Node node, String problem) {
			return new PromptParseException(this.location, this.firstLine + node.getStartMark().getLine(), problem);
		}

	}

}
