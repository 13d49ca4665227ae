package dev.hive.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.cli.CliException;
import dev.hive.cli.CliRun;
import dev.hive.cli.ExitCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class RunFilterOptionsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Command(name = "probe")
    static final class Holder {
        @Mixin
        RunFilterOptions options;
    }

    private JsonNode parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.options.toJson(mapper);
    }

    @Test
    void repeatedOptionsAndCommaListsMakeOneFilter() {
        JsonNode options = parse(
                "--include-targets",
                "qemu-cortex-m3,qemu-cortex-m4",
                "--include-targets",
                "qemu-*",
                "--exclude-probes",
                "VP?");

        assertThat(options.get("targets").toString())
                .isEqualTo("{\"mode\":\"INCLUDE\",\"patterns\":[\"qemu-cortex-m3\",\"qemu-cortex-m4\",\"qemu-*\"]}");
        assertThat(options.get("probes").toString()).isEqualTo("{\"mode\":\"EXCLUDE\",\"patterns\":[\"VP?\"]}");
        assertThat(options.has("testTimeoutMillis")).isFalse();
    }

    @Test
    void timeoutsAreSentInMilliseconds() {
        JsonNode options = parse("--test-timeout", "30s", "--run-timeout", "5m");

        assertThat(options.get("testTimeoutMillis").asLong()).isEqualTo(30_000);
        assertThat(options.get("runTimeoutMillis").asLong()).isEqualTo(300_000);
        assertThat(options.has("targets")).isFalse();
    }

    @Test
    void noFiltersSendNoFields() {
        assertThat(parse().size()).isZero();
    }

    @Test
    void anEmptyPatternIsAUsageError() {
        assertThatThrownBy(() -> parse("--include-targets", " "))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("--include-targets");
    }

    @Test
    void includeAndExcludeOfOneKindAreMutuallyExclusiveExit2(@TempDir Path home) {
        CliRun.Result targets = new CliRun(home)
                .run("test", "--build-only", "--include-targets", "a", "--exclude-targets", "b", home.toString());
        CliRun.Result probes = new CliRun(home)
                .run("test", "--build-only", "--include-probes", "a", "--exclude-probes", "b", home.toString());

        assertThat(targets.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(targets.err()).contains("mutually exclusive").contains("--include-targets");
        assertThat(probes.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(probes.err()).contains("mutually exclusive").contains("--include-probes");
    }

    @Test
    void includeOfOneKindAndExcludeOfTheOtherGoTogether() {
        JsonNode options = parse("--include-targets", "a", "--exclude-probes", "b");

        assertThat(options.get("targets").get("mode").asText()).isEqualTo("INCLUDE");
        assertThat(options.get("probes").get("mode").asText()).isEqualTo("EXCLUDE");
    }

    @Test
    void aDurationWithoutUnitIsSecondsAndNonsenseIsRefused(@TempDir Path home) {
        assertThat(new DurationConverter().convert("90").toSeconds()).isEqualTo(90);
        assertThat(new DurationConverter().convert("250ms").toMillis()).isEqualTo(250);

        CliRun.Result result = new CliRun(home).run("test", "--build-only", "--test-timeout", "soon");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("'soon' is not a duration");
    }
}
