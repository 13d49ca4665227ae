package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hive.monitor.config.MonitorConfig;
import dev.hive.protocol.run.RunOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;

/**
 * The parsing behind {@code POST /api/v1/runs}, without a server. Each input is tried both as the options
 * (a multipart part or field) and as the JSON form {@code {"sha256": ..., "options": ...}}. Whatever a client
 * sends is a parsed request or a 400 with a message, never another exception (the failure handler would make
 * it a 500) and never a hang. Options the monitor accepted are stored with {@link RunOptionsParser#toJson}
 * and read back later, so they must read back equal, and the filters they hold must answer for any name.
 *
 * <p>Multipart framing itself is Vert.x's: fuzzing it through a real server on port 0 manages a few inputs per
 * second, too slow to find anything in a bounded run (docs/fuzzing.md).
 *
 * <p>Seeds: the options of docs/api.md and RunSubmissionTest, and JSON bodies with and without options, in
 * {@code RunRequestFuzzTestInputs/parse/}.
 */
class RunRequestFuzzTest {

    private final RunOptionsParser options = new RunOptionsParser(new MonitorConfig.Limits(
            64 * 1024,
            50,
            5,
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofMinutes(5),
            1000,
            Duration.ofMinutes(2)));
    private final RunJsonBodyParser jsonBody = new RunJsonBodyParser(options);

    @FuzzTest(maxDuration = "30s")
    @Timeout(10)
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        parseAsOptions(text);
        parseAsJsonBody(text);
    }

    private void parseAsOptions(String text) {
        RunOptions parsed;
        try {
            parsed = options.parse(text);
        } catch (HttpError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).startsWith("options: ");
            return;
        }
        assertThat(parsed.testTimeoutMillis()).isPositive();
        assertThat(parsed.runTimeoutMillis()).isPositive();
        assertThat(options.parse(options.toJson(parsed))).isEqualTo(parsed);
        parsed.admitsTarget(text);
        parsed.admitsProbe(text, text);
    }

    private void parseAsJsonBody(String text) {
        RunSubmission.Submission parsed;
        try {
            parsed = jsonBody.parse(text);
        } catch (HttpError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(RunnerJars.wellFormed(parsed.sha256())).isTrue();
        assertThat(parsed.options()).isNotNull();
    }
}
