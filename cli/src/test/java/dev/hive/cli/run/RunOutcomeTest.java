package dev.hive.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.cli.ExitCode;
import dev.hive.protocol.run.Summary;
import org.junit.jupiter.api.Test;

class RunOutcomeTest {

    @Test
    void exitCodesFollowTheRunsEnd() {
        assertThat(RunOutcome.exitCode("finished", new Summary(3, 0, 2, 0, 10))).isEqualTo(ExitCode.OK);
        assertThat(RunOutcome.exitCode("finished", new Summary(3, 1, 0, 0, 10))).isEqualTo(ExitCode.TESTS_FAILED);
        assertThat(RunOutcome.exitCode("finished", new Summary(3, 0, 0, 1, 10))).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(RunOutcome.exitCode("failed", new Summary(0, 0, 0, 0, 10))).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(RunOutcome.exitCode("cancelled", new Summary(1, 0, 0, 0, 10)))
                .isEqualTo(ExitCode.UNAVAILABLE);
    }
}
