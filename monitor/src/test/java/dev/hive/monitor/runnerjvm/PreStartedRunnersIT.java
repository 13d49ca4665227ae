package dev.hive.monitor.runnerjvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.sandbox.Sandbox;
import dev.hive.monitor.sandbox.SandboxMode;
import dev.hive.monitor.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool of pre-started runner JVMs with real JVMs from the monitor's fixed part (no sandbox, no rack): a runner
 * whose sandbox is no longer what a run would get is not handed out but replaced, and the replacement is.
 */
class PreStartedRunnersIT {

    @TempDir
    Path dir;

    @Test
    void aRunnerWhoseSandboxNoLongerMatchesIsKilledAndReplacedAndTheRunStartsCold() throws Exception {
        var endpoints = new CopyOnWriteArrayList<>(List.of(dir.resolve("probe-0.sock"), dir.resolve("probe-1.sock")));
        Function<Path, SandboxSpec> specFor = runDir -> {
            var spec = SandboxSpec.builder(runDir);
            endpoints.forEach(spec::readOnly);
            return spec.build();
        };
        try (var runners = PreStartedRunners.open(Sandbox.of(SandboxMode.NONE), dir, specFor, Duration.ofSeconds(2))
                .orElseThrow()) {
            Path jar = dir.resolve("runner-fixed").resolve("hive-runner-fixed.jar"); // the fixed part matches itself
            PreStartedRunner first = awaitReady(runners, null);

            endpoints.remove(0); // as a lease takes a channel out of the runs
            assertThat(runners.take(jar)).as("a runner in another sandbox").isEmpty();
            first.process().awaitExit(Duration.ofSeconds(30));
            PreStartedRunner second = awaitReady(runners, first);

            assertThat(second.process().pid()).isNotEqualTo(first.process().pid());
            assertThat(second.runSpec().readOnlyPaths()).containsExactly(dir.resolve("probe-1.sock"));
            assertThat(runners.take(jar)).containsSame(second);
            assertThat(runners.take(jar)).as("each runner is handed out once").isEmpty();
            second.process().cancel();
        }
    }

    private static PreStartedRunner awaitReady(PreStartedRunners runners, PreStartedRunner not) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            var waiting = runners.waiting();
            if (waiting.isPresent() && waiting.get() != not && waiting.get().ready()) {
                return waiting.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no ready pre-started runner within a minute");
    }
}
