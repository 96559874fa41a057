package com.intelia.llm.ship;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code kubectl kustomize} renders for a folder. */
record Manifests(List<YamlNode> documents) {

	static Manifests render(Path folder) throws IOException, InterruptedException {
		Path errors = Files.createTempFile("kustomize", ".err");
		Process kubectl = new ProcessBuilder(kubectl(), "kustomize", folder.toString()).redirectError(errors.toFile())
			.start();
		String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(kubectl.exitValue()).as("kubectl kustomize %s: %s", folder, Files.readString(errors)).isZero();
		List<YamlNode> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(yaml)) {
			if (document != null) {
				documents.add(new YamlNode(document));
			}
		}
		return new Manifests(documents);
	}

	List<String> kinds() {
		return this.documents.stream().map((document) -> document.at("kind").text()).toList();
	}

	YamlNode only(String kind) {
		List<YamlNode> found = this.documents.stream()
			.filter((document) -> document.at("kind").text().equals(kind))
			.toList();
		assertThat(found).as("one %s", kind).hasSize(1);
		return found.get(0);
	}

	YamlNode named(String kind, String name) {
		return this.documents.stream()
			.filter((document) -> document.at("kind").text().equals(kind)
					&& document.at("metadata", "name").text().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name));
	}

	YamlNode deployment(String name) {
		return named("Deployment", name);
	}

	YamlNode gatewayPod() {
		return deployment("intelia-llm").at("spec", "template", "spec");
	}

	YamlNode gateway() {
		List<YamlNode> containers = gatewayPod().at("containers").items();
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static String kubectl() {
		for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":")) {
			Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		throw new AssertionError("kubectl not found on PATH: this test renders the manifests with it "
				+ "(Debian: apt-get install kubernetes-client).");
	}

}
