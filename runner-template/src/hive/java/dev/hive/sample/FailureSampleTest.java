package dev.hive.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hive.runner.api.ExpectedFailure;
import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.TargetInfo;
import org.junit.jupiter.api.Test;

/** Sample: a failing test (FAILED with message and stack trace) and expected failures. */
@HiveTest
class FailureSampleTest {

    @Test
    void failsOnPurpose(TargetInfo target) {
        assertEquals("cortex-m0", "no core", "a sample failure on " + target.name());
    }

    @Test
    @ExpectedFailure(value = IllegalStateException.class, message = "halted")
    void failsAsExpected() {
        throw new IllegalStateException("the core is halted");
    }

    @Test
    @ExpectedFailure
    void expectsAFailureButPasses() {
        // passes, so the expected failure turns it into a FAILED result
    }
}
