package com.intelia.llm.capture;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.intelia.llm.support.LoggingLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
// It reads its log output: no Spring Boot application may set logging up meanwhile.
@ResourceLock(LoggingLock.KEY)
class DropLogTest {

	private final AtomicLong now = new AtomicLong(1_000);

	private final DropLog drops = new DropLog(this.now::get);

	/**
	 * Reasons no other drop log gives: a class running beside this one
	 * (DatabaseOutageTest) may log drops of its own meanwhile.
	 */
	private static final String FULL = "this test's queue was full";

	private static final String DOWN = "this test's database was unavailable";

	@Test
	void drops_are_logged_at_most_once_a_minute_with_the_count_since_the_last_report(CapturedOutput output) {
		this.drops.dropped(1, FULL);
		for (int i = 0; i < 500; i++) {
			this.drops.dropped(1, FULL);
		}
		this.now.addAndGet(Duration.ofSeconds(59).toNanos());
		this.drops.dropped(1, FULL);

		assertThat(reports(output)).hasSize(1);

		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		this.drops.dropped(1, DOWN);

		assertThat(reports(output)).satisfiesExactly(
				(first) -> assertThat(first).contains("Capture dropped 1 completion(s)", FULL),
				(second) -> assertThat(second).contains("Capture dropped 502 completion(s)", DOWN));
	}

	private static List<String> reports(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains("Capture dropped") && (line.contains(FULL) || line.contains(DOWN)))
			.toList();
	}

}
