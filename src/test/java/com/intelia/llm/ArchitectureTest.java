package com.intelia.llm;

import com.intelia.llm.error.ApiException;
import com.intelia.llm.error.ErrorResponse;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency rules of {@code docs/architecture.md}, checked on the compiled classes:
 * each fails the build when an arrow of the code goes against the plan.
 */
class ArchitectureTest {

	static final JavaClasses SERVICE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.intelia.llm");

	@Test
	void nothing_outside_error_writes_an_error_body() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackage("com.intelia.llm.error..")
			.should()
			.callMethod(ApiException.class, "toBody")
			.orShould()
			.callConstructor(ErrorResponse.class, ErrorResponse.Error.class)
			.orShould()
			.callConstructor(ErrorResponse.Error.class, String.class, String.class, String.class, String.class)
			.because("the OpenAI error envelope has one writer, error.ErrorWriter");
		rule.check(SERVICE);
	}

	@Test
	void providers_never_import_chat() {
		noClasses().that()
			.resideInAPackage("com.intelia.llm.provider..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.intelia.llm.chat..")
			.check(SERVICE);
	}

	@Test
	void prompt_never_imports_provider() {
		noClasses().that()
			.resideInAPackage("com.intelia.llm.prompt..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.intelia.llm.provider..")
			.check(SERVICE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "vllm", "huggingface", "simulator", "compatible" })
	void a_provider_imports_no_other_provider_only_the_shared_transport(String provider) {
		String[] others = Stream.of("vllm", "huggingface", "simulator", "compatible")
			.filter((other) -> !other.equals(provider))
			.map((other) -> "com.intelia.llm.provider." + other + "..")
			.toArray(String[]::new);
		noClasses().that()
			.resideInAPackage("com.intelia.llm.provider." + provider + "..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(others)
			.check(SERVICE);
		noClasses().that()
			.resideInAPackage("com.intelia.llm.provider.http..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.intelia.llm.provider." + provider + "..")
			.because("the shared transport is below every provider")
			.check(SERVICE);
	}

	@Test
	void error_and_exchange_depend_on_no_feature() {
		noClasses().that()
			.resideInAnyPackage("com.intelia.llm.error..", "com.intelia.llm.exchange..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.intelia.llm.chat..", "com.intelia.llm.provider..", "com.intelia.llm.access..",
					"com.intelia.llm.resilience..", "com.intelia.llm.observability..", "com.intelia.llm.capture..",
					"com.intelia.llm.model..", "com.intelia.llm.prompt..")
			.check(SERVICE);
	}

	@Test
	void the_packages_have_no_cycles() {
		slices().matching("com.intelia.llm.(*)..").should().beFreeOfCycles().check(SERVICE);
	}

	@Test
	void the_providers_packages_have_no_cycles_among_themselves() {
		slices().matching("com.intelia.llm.provider.(*)").should().beFreeOfCycles().check(SERVICE);
	}

}
