package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * The JSON form of {@code POST /api/v1/runs}, {@code {"sha256": ..., "options": ...}}, parsed without a
 * server: a well-formed SHA-256 with options, or a 400 with a message; never another exception, never a hang.
 *
 * <p>Seeds: bodies with and without options and the mistakes of docs/api.md, in {@code
 * RunJsonBodyFuzzTestInputs/parse/}.
 */
class RunJsonBodyFuzzTest {

    private final RunJsonBodyParser body = new RunJsonBodyParser(new RunOptionsParser(RunOptionsFuzzTest.LIMITS));

    @FuzzTest(maxDuration = "30s")
    @Timeout(10)
    void parse(byte[] input) {
        RunSubmission.Submission parsed;
        try {
            parsed = body.parse(new String(input, StandardCharsets.UTF_8));
        } catch (HttpError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(RunnerJars.wellFormed(parsed.sha256())).isTrue();
        assertThat(parsed.options()).isNotNull();
    }
}
