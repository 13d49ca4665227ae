package dev.hive.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.Cancel;
import dev.hive.protocol.ipc.TargetLost;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The monitor's say during a run: a target killed under a running test, and a cancelled run. */
@ExtendWith(SharedRack.class)
class RunControlIT {

    static final String VICTIM = "lm3s6965evb";
    static final String LOST = "QEMU of " + VICTIM + " exited (killed by the test monitor)";

    @Test
    void aTargetKilledMidTestIsAnErrorThenSkipsAndOtherTargetsAreUnaffected(VirtualRack rack, @TempDir Path dir)
            throws Exception {
        SlotAddress victim = rack.slotOf(VICTIM);
        var monitor = new TestMonitor(dir);
        monitor.rack = rack.description();
        monitor.backend = rack.backend;
        monitor.options = new RunOptions(
                Filter.include("hive-virtual-0", "hive-virtual-1"),
                Filter.include(VICTIM, "microbit"),
                10_000,
                300_000);
        monitor.environment.put("HIVE_SAMPLE_VICTIM", VICTIM);
        var kills = new AtomicInteger();
        monitor.onTestStarted = (session, started) -> {
            if (started.testId().contains("waitsForTheMonitorToKillItsTarget")
                    && started.cell().target().equals(VICTIM)) {
                Thread killer = new Thread(() -> {
                    long pid = rack.backend.processId(victim).orElseThrow();
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (rack.backend.health(victim) != TargetHealth.LOST && System.nanoTime() < deadline) {
                        pause();
                    }
                    try {
                        session.send(new TargetLost(victim.stack(), victim.slot(), LOST));
                        kills.incrementAndGet();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                killer.setDaemon(true);
                killer.start();
            }
        };
        RunRecord run = monitor.run(Duration.ofMinutes(2));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(kills).as("the target was killed on both channels' visits").hasValue(2);
        for (int channel = 0; channel < 2; channel++) {
            int c = channel;
            List<TestResult> onVictim = run.results().stream()
                    .filter(r -> r.cell().channel() == c && r.cell().target().equals(VICTIM))
                    .toList();
            assertThat(onVictim).hasSize(SampleSuite.RESULTS_PER_CELL);
            TestResult killed = single(onVictim, "waitsForTheMonitorToKillItsTarget");
            assertThat(killed.status()).isEqualTo(TestStatus.ERROR);
            assertThat(killed.message()).isEqualTo(LOST);
            assertThat(killed.durationMillis()).as("not waited out").isLessThan(10_000);
            TestResult after = single(onVictim, "hangs");
            assertThat(after.status()).isEqualTo(TestStatus.SKIPPED);
            assertThat(after.message()).isEqualTo("target lost: " + LOST);
            assertThat(single(onVictim, "readsTheTestprogramHeader").status())
                    .as("before the kill, and on a target brought back by the next connect")
                    .isEqualTo(TestStatus.PASSED);

            var onMicrobit = run.byTarget(c).get("microbit");
            assertThat(onMicrobit).hasSize(SampleSuite.RESULTS_PER_CELL);
            assertThat(run.results("microbit", "waitsForTheMonitorToKillItsTarget"))
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(TestStatus.PASSED));
            assertThat(run.results("microbit", "hangs"))
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(TestStatus.ERROR));
        }
    }

    @Test
    void aCancelStopsAfterTheRunningTestAndTheRunStillFinishes(VirtualRack rack, @TempDir Path dir) throws Exception {
        var monitor = new TestMonitor(dir);
        monitor.rack = rack.description();
        monitor.backend = rack.backend;
        monitor.options = new RunOptions(Filter.include("hive-virtual-3"), null, 10_000, 300_000);
        var starts = new AtomicInteger();
        monitor.onTestStarted = (session, started) -> {
            if (starts.incrementAndGet() == 5) {
                session.send(new Cancel("the user pressed Ctrl-C"));
            }
        };
        RunRecord run = monitor.run(Duration.ofMinutes(1));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.finished()).isPresent();
        assertThat(run.connects()).as("no target after the cancel").hasSize(1);
        assertThat(run.results()).hasSizeLessThan(SampleSuite.RESULTS_PER_CELL);
        assertThat(run.started().stream().map(s -> s.testId()))
                .as("every test that started was reported")
                .allSatisfy(id -> assertThat(run.results())
                        .anySatisfy(r -> assertThat(r.testId()).isEqualTo(id)));
        assertThat(run.logs())
                .contains("WARN the run stopped early: cancelled by the monitor: the user pressed Ctrl-C");
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static TestResult single(List<TestResult> results, String method) {
        return results.stream()
                .filter(r -> r.methodName().equals(method))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result of " + method));
    }
}
