package com.intelia.llm.capture;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DropLogTest {

	private final AtomicLong now = new AtomicLong(1_000);

	private final DropLog drops = new DropLog(this.now::get);

	@Test
	void drops_are_logged_at_most_once_a_minute_with_the_count_since_the_last_report(CapturedOutput output) {
		this.drops.dropped(1, "the queue was full");
		for (int i = 0; i < 500; i++) {
			this.drops.dropped(1, "the queue was full");
		}
		this.now.addAndGet(Duration.ofSeconds(59).toNanos());
		this.drops.dropped(1, "the queue was full");

		assertThat(output.getOut().lines().filter((line) -> line.contains("Capture dropped"))).hasSize(1);

		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		this.drops.dropped(1, "the capture database was unavailable");

		assertThat(output.getOut().lines().filter((line) -> line.contains("Capture dropped")).toList())
			.satisfiesExactly((first) -> assertThat(first).contains("Capture dropped 1 completion(s)"),
					(second) -> assertThat(second).contains("Capture dropped 502 completion(s)"));
	}

}
