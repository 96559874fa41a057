package com.intelia.llm.capture;

import java.time.Clock;

import com.intelia.llm.access.ApiKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires capture. No Spring Boot DataSource and no Flyway auto-configuration are involved:
 * {@link CaptureDatabase} builds its pool and migrates on first use, so a database that
 * is down never stops the service from starting. Scheduling is enabled for the retention
 * purge.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CaptureProperties.class)
class CaptureConfiguration {

	@Bean
	Redactor captureRedactor(JsonMapper json, CaptureProperties properties) {
		return new Redactor(json, properties.redact());
	}

	@Bean
	CaptureDatabase captureDatabase(CaptureProperties properties) {
		return new CaptureDatabase(DatabaseUrl.parse(properties.database()), properties.retryInterval());
	}

	@Bean
	CaptureQueue captureQueue(CaptureProperties properties) {
		return new CaptureQueue(properties.queue());
	}

	@Bean
	CaptureStore captureStore() {
		return new CaptureStore();
	}

	@Bean
	CaptureMetrics captureMetrics(MeterRegistry registry, CaptureDatabase database, CaptureQueue queue) {
		return new CaptureMetrics(registry, () -> database.state() == CaptureDatabase.State.UP, queue::size,
				new DropLog(System::nanoTime));
	}

	@Bean
	CaptureIntake capture(CaptureProperties properties, ApiKeys keys, CaptureQueue queue, CaptureDatabase database,
			CaptureMetrics metrics) {
		return new CaptureIntake(properties.enabled(), flags(keys), queue, database, metrics);
	}

	@Bean
	CaptureWriter captureWriter(CaptureProperties properties, CaptureIntake intake, CaptureQueue queue,
			CaptureDatabase database, CaptureStore store, Redactor redactor, CaptureMetrics metrics) {
		return new CaptureWriter(intake.active(), queue, database, store, redactor, metrics,
				properties.queue().batchSize(), properties.retryInterval());
	}

	@Bean
	RetentionPurge captureRetentionPurge(CaptureProperties properties, CaptureIntake intake, CaptureDatabase database,
			CaptureStore store, CaptureMetrics metrics) {
		return new RetentionPurge(database, store, metrics, properties.retentionDays(), intake::mayHoldCaptures,
				Clock.systemUTC());
	}

	@Bean
	DatasetExport captureDatasetExport(CaptureStore store, JsonMapper json) {
		return new DatasetExport(store, json);
	}

	@Bean
	CaptureHealthIndicator captureDatabaseHealthIndicator(CaptureDatabase database, CaptureIntake intake,
			CaptureQueue queue) {
		return new CaptureHealthIndicator(database, intake, queue);
	}

	/**
	 * The keys file's {@code capture=always|never}, read through access's public face.
	 */
	private static CaptureFlags flags(ApiKeys keys) {
		return new CaptureFlags() {

			@Override
			public boolean always(@Nullable String keyName) {
				return keys.alwaysCaptured(keyName);
			}

			@Override
			public boolean never(@Nullable String keyName) {
				return keys.neverCaptured(keyName);
			}

			@Override
			public boolean anyAlways() {
				return keys.anyAlwaysCaptured();
			}

		};
	}

}
