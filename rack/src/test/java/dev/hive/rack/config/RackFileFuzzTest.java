package dev.hive.rack.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hive.rack.catalog.TargetCatalog;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * A rack file is written by hand, so {@link RackFile#parse} must answer any text with a {@link RackConfig} or a
 * {@link RackFileException} whose message names the file: never another exception, and never a hang (the
 * timeout makes a slow input a finding when fuzzing).
 *
 * <p>Seeds: the rack files of docs/examples and docs/rack-file.md and the mistakes its error table lists, in
 * {@code RackFileFuzzTestInputs/parse/}.
 */
class RackFileFuzzTest {

    private static final String ORIGIN = "fuzz.yaml";

    private final RackFile rackFile = new RackFile(TargetCatalog.builtin());

    @FuzzTest(maxDuration = "30s")
    @Timeout(10)
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            RackConfig config = rackFile.parse(text, ORIGIN);
            assertThat(config.name()).isNotBlank();
        } catch (RackFileException e) {
            assertThat(e.getMessage()).startsWith("rack file " + ORIGIN);
        }
    }
}
