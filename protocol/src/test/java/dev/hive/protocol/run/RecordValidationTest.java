package dev.hive.protocol.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records refuse values that make no sense, with a message naming the field. */
class RecordValidationTest {

    private static final Cell CELL = new Cell(0, "p", "s", 0, 0, "t");

    @Test
    void cellsHaveNonNegativeIndexesAndAllTheirNames() {
        assertThatThrownBy(() -> new Cell(-1, "p", "s", 0, 0, "t")).hasMessage("channel must be >= 0, was -1");
        assertThatThrownBy(() -> new Cell(0, "p", "s", -2, 0, "t")).hasMessage("stack must be >= 0, was -2");
        assertThatThrownBy(() -> new Cell(0, "p", "s", 0, -3, "t")).hasMessage("slot must be >= 0, was -3");
        assertThatThrownBy(() -> new Cell(0, "p", null, 0, 0, "t"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("probeSerial is required");
    }

    @Test
    void resultsHaveANonNegativeDurationAndAStart() {
        assertThatThrownBy(() ->
                        new TestResult("id", "n", "C", "m", CELL, TestStatus.PASSED, null, null, Instant.EPOCH, -1))
                .hasMessage("durationMillis must be >= 0, was -1");
        assertThatThrownBy(() -> new TestResult("id", "n", "C", "m", CELL, TestStatus.PASSED, null, null, null, 0))
                .hasMessage("startedAt is required");
        assertThatThrownBy(() -> new TestResult("id", "n", "C", "m", CELL, null, null, null, Instant.EPOCH, 0))
                .hasMessage("status is required");
    }

    @Test
    void timeoutsArePositiveAndCountsNonNegative() {
        assertThatThrownBy(() -> new RunOptions(null, null, 0, 1)).hasMessage("testTimeoutMillis must be > 0, was 0");
        assertThatThrownBy(() -> new RunOptions(null, null, 1, -5)).hasMessage("runTimeoutMillis must be > 0, was -5");
        assertThatThrownBy(() -> new Summary(0, -1, 0, 0, 0)).hasMessage("failed must be >= 0, was -1");
        assertThatThrownBy(() -> new Summary(0, 0, 0, 0, -1)).hasMessage("durationMillis must be >= 0, was -1");
    }

    @Test
    void testOutputIsBoundedAndPrintable() {
        String tooLong = "x".repeat(TestOutput.MAX_STREAM_CHARS + 1);
        assertThatThrownBy(() -> new TestOutput(tooLong, "", List.of()))
                .hasMessage("stdout must be at most 65536 characters, was 65537");
        assertThatThrownBy(() -> new TestOutput("", tooLong, List.of()))
                .hasMessage("stderr must be at most 65536 characters, was 65537");
        List<ReportEntry> many = Collections.nCopies(TestOutput.MAX_REPORT_ENTRIES + 1, new ReportEntry("k", "v"));
        assertThatThrownBy(() -> new TestOutput("", "", many))
                .hasMessage("reports must hold at most 100 entries, held 101");
        assertThatThrownBy(() -> new ReportEntry("", "v"))
                .hasMessage("a report entry's key must be 1 to 256 characters, was 0");
        assertThatThrownBy(() -> new ReportEntry("k", "v".repeat(1025)))
                .hasMessage("the value of report entry 'k' must be at most 1024 characters, was 1025");

        TestOutput output = new TestOutput(
                "\u001b[31mred\u001b[0m\tok\r\n", "bell\u0007", List.of(new ReportEntry("k\u0000", "v")));
        assertThat(output.stdout()).isEqualTo("\ufffd[31mred\ufffd[0m\tok\r\n");
        assertThat(output.stderr()).isEqualTo("bell\ufffd");
        assertThat(output.reports().get(0).key()).isEqualTo("k\ufffd");
    }

    @Test
    void aFailureTypeIsAClassNameAndSilentOutputIsNone() {
        assertThat(new TestResult("id", "n", "C", "m", CELL, TestStatus.FAILED, null, null, Instant.EPOCH, 0)
                        .with("org.opentest4j.AssertionFailedError", new TestOutput("", "", List.of()))
                        .output())
                .isNull();
        assertThat(new TestResult("id", "n", "C", "m", CELL, TestStatus.FAILED, null, null, Instant.EPOCH, 0)
                        .with("com.example.Outer$Inner", null)
                        .failureType())
                .isEqualTo("com.example.Outer$Inner");
        assertThatThrownBy(
                        () -> new TestResult("id", "n", "C", "m", CELL, TestStatus.FAILED, null, null, Instant.EPOCH, 0)
                                .with("<script>", null))
                .hasMessage("failureType must be a Java class name of at most 512 characters");
    }

    @Test
    void aSelectionHoldsNonBlankEntriesAndDefaultsToEverything() {
        assertThat(new TestSelection(null, null, null).selectsEverything()).isTrue();
        assertThat(new RunOptions(null, null, 1, 1).testSelection()).isEqualTo(TestSelection.ALL);
        assertThat(new TestSelection(List.of("a.B#c"), List.of(), List.of("slow")).selectsEverything())
                .isFalse();
        assertThatThrownBy(() -> new TestSelection(List.of(" "), null, null))
                .hasMessage("tests[0] must be 1 to 500 characters long and not blank");
        assertThatThrownBy(() -> new TestSelection(null, List.of("a\nb"), null))
                .hasMessage("includeTags[0] contains a control character");
    }
}
