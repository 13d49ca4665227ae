package dev.hive.protocol.run;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
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
}
