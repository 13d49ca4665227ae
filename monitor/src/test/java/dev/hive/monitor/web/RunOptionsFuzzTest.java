package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hive.monitor.config.MonitorConfig;
import dev.hive.protocol.run.RunOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;

/**
 * The options of {@code POST /api/v1/runs} (a multipart part or field), parsed without a server. Whatever a
 * client sends is {@link RunOptions} or a 400 whose message starts with {@code options: }, never another
 * exception (the failure handler would make it a 500) and never a hang. Options the monitor accepted are
 * stored with {@link RunOptionsParser#toJson} and read back later, so they must read back equal; the filters
 * they hold must answer for any name.
 *
 * <p>Multipart framing itself is Vert.x's: fuzzing it through a real server on port 0 manages a few inputs per
 * second, too slow to find anything in a bounded run (docs/fuzzing.md).
 *
 * <p>Seeds: the options of docs/api.md and RunSubmissionTest, in {@code RunOptionsFuzzTestInputs/parse/}.
 */
class RunOptionsFuzzTest {

    static final MonitorConfig.Limits LIMITS = new MonitorConfig.Limits(
            64 * 1024, 50, 5, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(5), 1000);

    private final RunOptionsParser options = new RunOptionsParser(LIMITS);

    @FuzzTest(maxDuration = "30s")
    @Timeout(10)
    void parse(byte[] input) {
        RunOptions parsed;
        try {
            parsed = options.parse(new String(input, StandardCharsets.UTF_8));
        } catch (HttpError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).startsWith("options: ");
            return;
        }
        assertThat(parsed.testTimeoutMillis()).isPositive();
        assertThat(parsed.runTimeoutMillis()).isPositive();
        assertThat(options.parse(options.toJson(parsed))).isEqualTo(parsed);
        String name = new String(input, StandardCharsets.ISO_8859_1);
        parsed.admitsTarget(name);
        parsed.admitsProbe(name, name);
    }
}
