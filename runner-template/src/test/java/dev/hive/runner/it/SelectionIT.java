package dev.hive.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.RunFailed;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestSelection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The run's test selection, as the monitor sends it in the welcome, narrows what the runner JAR runs. */
@ExtendWith(SharedRack.class)
class SelectionIT {

    private static RunRecord run(VirtualRack rack, Path dir, TestSelection selection) throws Exception {
        var monitor = new TestMonitor(dir);
        monitor.rack = rack.description();
        monitor.backend = rack.backend;
        monitor.options =
                new RunOptions(Filter.include("hive-virtual-0"), Filter.include("lm3s*"), 10_000, 300_000, selection);
        return monitor.run(Duration.ofMinutes(1));
    }

    @Test
    void aSelectedMethodIsAllThatRuns(VirtualRack rack, @TempDir Path dir) throws Exception {
        RunRecord run = run(
                rack,
                dir,
                new TestSelection(List.of("dev.hive.sample.ProbeSampleTest#readsTheTestprogramHeader"), null, null));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.results())
                .extracting(TestResult::methodName, r -> r.cell().target(), r -> r.status()
                        .name())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("readsTheTestprogramHeader", "lm3s6965evb", "PASSED"));
    }

    @Test
    void aSelectedClassTheRunnerLacksEndsTheRunBeforeAnyTest(VirtualRack rack, @TempDir Path dir) throws Exception {
        RunRecord run = run(rack, dir, new TestSelection(List.of("dev.hive.sample.MissingTest"), null, null));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.results()).isEmpty();
        assertThat(run.connects()).isEmpty();
        assertThat(run.failed().map(RunFailed::message).orElseThrow())
                .startsWith("--select dev.hive.sample.MissingTest: the runner holds no hive test class");
    }
}
