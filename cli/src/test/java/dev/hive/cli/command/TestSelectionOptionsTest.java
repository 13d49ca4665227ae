package dev.hive.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.cli.CliException;
import dev.hive.cli.CliRun;
import dev.hive.cli.ExitCode;
import dev.hive.protocol.run.TestSelection;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TestSelectionOptionsTest {

    @Command(name = "probe")
    static final class Holder {
        @Mixin
        TestSelectionOptions options;
    }

    private TestSelectionOptions parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.options;
    }

    @Test
    void repeatedOptionsAndCommaListsMakeOneSelectionForTheRunAndTheListMode() {
        TestSelectionOptions options = parse(
                "--select", "a.B#c, a.D", "--select", "e.F", "--include-tags", "fast | uart", "--exclude-tags", "slow");

        assertThat(options.selection())
                .isEqualTo(new TestSelection(List.of("a.B#c", "a.D", "e.F"), List.of("fast | uart"), List.of("slow")));
        assertThat(options.listArguments())
                .containsExactly(
                        "--select",
                        "a.B#c",
                        "--select",
                        "a.D",
                        "--select",
                        "e.F",
                        "--include-tags",
                        "fast | uart",
                        "--exclude-tags",
                        "slow");
    }

    @Test
    void noOptionsSelectEverything() {
        assertThat(parse().selection()).isNull();
        assertThat(parse().listArguments()).isEmpty();
    }

    @Test
    void anEntryTheProtocolRefusesIsAUsageError() {
        TestSelectionOptions options = parse("--select", "a.B#c\u0007");

        assertThatThrownBy(options::selection)
                .isInstanceOf(CliException.class)
                .hasMessage("--select/--include-tags/--exclude-tags: tests[0] contains a control character");
    }

    @Test
    void aBadSelectionEndsHiveTestWithExit2BeforeTheCandidateIsEvenLookedAt(@TempDir Path home) {
        CliRun.Result bad = new CliRun(home).run("test", "--list", "--select", "a.B\u0007", home.toString());

        assertThat(bad.exitCode()).as(bad.all()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("tests[0] contains a control character").doesNotContain("not a Maven project");
    }
}
