package dev.hive.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static final Cell M4_P1 = new Cell(1, "rsp-probe-1", "VP1", 0, 1, "qemu-cortex-m4");
    private static final Cell M3_P0 = new Cell(0, "rsp-probe-0", "VP0", 0, 0, "qemu-cortex-m3");
    private static final Cell M3_P1 = new Cell(1, "rsp-probe-1", "VP1", 0, 0, "qemu-cortex-m3");

    private static TestResult result(Cell cell, String name, TestStatus status, String message) {
        return new TestResult(
                "[class:dev.x.Suite]/[method:" + name + "()]",
                name,
                "dev.x.Suite",
                name,
                cell,
                status,
                message,
                status == TestStatus.FAILED ? "java.lang.AssertionError: " + message + "\n\tat dev.x.Suite" : null,
                Instant.parse("2026-11-22T00:00:00Z"),
                12);
    }

    private final List<TestResult> results = List.of(
            result(M4_P1, "halts", TestStatus.PASSED, null),
            result(M3_P1, "writesRam", TestStatus.FAILED, "expected <1> but was <2>"),
            result(M3_P0, "halts", TestStatus.PASSED, null),
            result(M3_P1, "halts", TestStatus.SKIPPED, "only on RISC-V"),
            result(M3_P0, "writesRam", TestStatus.PASSED, null));

    private static String text(List<String> lines) {
        return String.join("\n", lines);
    }

    private static Console console(boolean terminal) {
        return new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), terminal);
    }

    @Test
    void groupsByTargetThenProbeSortedWithMessagesAndReasons() {
        String table = text(ResultTable.render(results, console(false), false));

        assertThat(table)
                .containsSubsequence(
                        "qemu-cortex-m3 (stack 0, slot 0)",
                        "rsp-probe-0 (S/N VP0, channel 0)",
                        "PASSED   Suite > halts",
                        "PASSED   Suite > writesRam",
                        "rsp-probe-1 (S/N VP1, channel 1)",
                        "SKIPPED  Suite > halts",
                        "only on RISC-V",
                        "FAILED   Suite > writesRam",
                        "expected <1> but was <2>",
                        "qemu-cortex-m4 (stack 0, slot 1)",
                        "rsp-probe-1");
        assertThat(table).doesNotContain("java.lang.AssertionError");
    }

    @Test
    void verboseShowsStackTraces() {
        assertThat(text(ResultTable.render(results, console(false), true))).contains("java.lang.AssertionError");
    }

    @Test
    void aLiveLineNamesTheFleetsRackWhenTheEventCarriesOne() {
        Console plain = console(false);

        assertThat(ResultTable.live(results.get(0), "lab1-rack-a", plain))
                .startsWith("PASSED   qemu-cortex-m4 @ rsp-probe-1 on rack lab1-rack-a  ");
        assertThat(ResultTable.live(results.get(0), plain)).doesNotContain("rack");
    }

    @Test
    void noEscapeCodesWithoutATerminal() {
        Console plain = console(false);
        String all = text(ResultTable.render(results, plain, true)) + ResultTable.live(results.get(1), plain);

        assertThat(all).doesNotContain("\u001b");
        assertThat(text(ResultTable.render(results, console(true), false))).contains("\u001b[31m");
    }

    @Test
    void noProgressLinesWithoutATerminal() {
        StringWriter out = new StringWriter();
        Console plain = new Console(new PrintWriter(out), new PrintWriter(new StringWriter()), false);
        plain.progress("running halts");
        plain.uploadBar("Uploading").sent(50, 100);
        plain.line("done");

        assertThat(out.toString()).isEqualTo("done" + System.lineSeparator());
    }

    @Test
    void aProbeWhoseEveryTestWasSkippedForOneReasonSaysSoOnce() {
        List<TestResult> skipped = List.of(
                result(M3_P0, "a", TestStatus.SKIPPED, "no UART on this rack"),
                result(M3_P0, "b", TestStatus.SKIPPED, "no UART on this rack"));

        String table = text(ResultTable.render(skipped, console(false), false));

        assertThat(table).contains("all 2 tests skipped: no UART on this rack").doesNotContain("Suite > a");
    }

    @Test
    void whatATestSaidIsShownForFailuresAndWithVerboseForEveryTest() {
        var said = new TestOutput("attached\nhalted\n", "slow\n", List.of(new ReportEntry("pc", "0x08000100")));
        List<TestResult> talking = List.of(
                result(M3_P0, "halts", TestStatus.PASSED, null).with(null, said),
                result(M3_P1, "writesRam", TestStatus.FAILED, "expected <1>")
                        .with("java.lang.AssertionError", new TestOutput("wrote 4 bytes\n", "", List.of())));

        String plain = text(ResultTable.render(talking, console(false), false));
        assertThat(plain).doesNotContain("attached").contains("stdout:\n               wrote 4 bytes");

        String verbose = text(ResultTable.render(talking, console(false), true));
        assertThat(verbose)
                .containsSubsequence(
                        "PASSED   Suite > halts",
                        "stdout:",
                        "  attached",
                        "  halted",
                        "stderr:",
                        "  slow",
                        "report pc = 0x08000100",
                        "FAILED   Suite > writesRam",
                        "  wrote 4 bytes");
    }
}
