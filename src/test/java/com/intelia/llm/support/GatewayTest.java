package com.intelia.llm.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The running gateway on a random port, on the simulator with no delays, with the test
 * aliases (including {@code scripted-model} on {@link ScriptedProvider}), capture off.
 * Test classes that share it share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.provider=simulator", "llm.simulator.ttft-ms=0", "llm.simulator.itl-ms=0",
				"llm.models-file=classpath:test-models.yml", "llm.max-request-bytes=65536",
				"llm.timeouts.total-seconds=3", "llm.timeouts.first-token-seconds=2", "llm.timeouts.idle-seconds=1",
				"llm.resilience.initial-backoff-millis=10", "llm.resilience.circuit.minimum-calls=1000",
				"llm.resilience.circuit.consecutive-failures=1000",
				// Capture is off, as by default, and its database file does not exist.
				// The default file, data/capture.db, may be left from a run with capture
				// on; the retention purge would open it a minute after start, which
				// CaptureOffTest says nothing does.
				"llm.capture.database.url=jdbc:sqlite:${java.io.tmpdir}/gateway-test-${random.uuid}/capture.db" })
@Import(ScriptedProvider.class)
public @interface GatewayTest {

}
