package com.intelia.llm.capture;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Who is captured: {@code LLM_CAPTURE} for everyone, each key's own flag first. */
class CaptureIntakeTest {

	private static final CaptureFlags FLAGS = new CaptureFlags() {

		@Override
		public boolean always(@Nullable String keyName) {
			return "always-app".equals(keyName);
		}

		@Override
		public boolean never(@Nullable String keyName) {
			return "private-app".equals(keyName);
		}

		@Override
		public boolean anyAlways() {
			return true;
		}

	};

	@TempDir
	Path folder;

	@Test
	void with_capture_on_every_key_is_captured_but_those_marked_never() {
		try (CaptureRig rig = CaptureRig.on("sqlite", this.folder, new CaptureRig.Options().flags(FLAGS))) {
			assertThat(rig.intake.enabledFor("barn-app")).isTrue();
			assertThat(rig.intake.enabledFor(null)).isTrue();
			assertThat(rig.intake.enabledFor("always-app")).isTrue();
			assertThat(rig.intake.enabledFor("private-app")).isFalse();
		}
	}

	@Test
	void with_capture_off_only_keys_marked_always_are_captured() {
		try (CaptureRig rig = CaptureRig.on("sqlite", this.folder,
				new CaptureRig.Options().enabled(false).flags(FLAGS))) {
			assertThat(rig.intake.enabledFor("barn-app")).isFalse();
			assertThat(rig.intake.enabledFor(null)).isFalse();
			assertThat(rig.intake.enabledFor("always-app")).isTrue();
			assertThat(rig.intake.active()).isTrue();
		}
	}

	@Test
	void a_completion_of_a_key_marked_never_is_not_even_queued() {
		try (CaptureRig rig = CaptureRig.on("sqlite", this.folder, new CaptureRig.Options().flags(FLAGS))) {
			rig.intake.offer(Completions.completion().key("private-app").build());
			rig.intake.offer(Completions.completion().key("barn-app").build());

			assertThat(rig.queue.size()).isEqualTo(1);
		}
	}

	@Test
	void a_full_queue_drops_and_counts_without_building_the_completion() {
		try (CaptureRig rig = CaptureRig.on("sqlite", this.folder, new CaptureRig.Options().capacity(1).flags(FLAGS))) {
			AtomicInteger built = new AtomicInteger();
			rig.intake.offer("barn-app", () -> {
				built.incrementAndGet();
				return Completions.completion().key("barn-app").build();
			});
			rig.intake.offer("barn-app", () -> {
				built.incrementAndGet();
				return Completions.completion().key("barn-app").build();
			});
			rig.intake.offer("private-app", () -> {
				built.incrementAndGet();
				return Completions.completion().key("private-app").build();
			});

			assertThat(built).hasValue(1);
			assertThat(rig.queue.size()).isEqualTo(1);
			assertThat(rig.count(CaptureMetrics.Outcome.DROPPED_QUEUE_FULL)).isEqualTo(1.0);
		}
	}

	@Test
	void capture_off_without_flags_is_inactive_and_opens_no_database() {
		try (CaptureRig rig = CaptureRig.on("sqlite", this.folder, new CaptureRig.Options().enabled(false))) {
			rig.start();

			assertThat(rig.intake.active()).isFalse();
			assertThat(rig.database.state()).isEqualTo(CaptureDatabase.State.IDLE);
			assertThat(this.folder.resolve("capture.db")).doesNotExist();
		}
	}

}
