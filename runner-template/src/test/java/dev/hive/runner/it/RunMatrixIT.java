package dev.hive.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built runner JAR, started as the monitor starts it, runs the sample suite on the virtual rack of 4
 * channels × 7 targets, and on its channel 0 alone: the matrix is complete and right, the same on every channel
 * and in both runs, and results stream while the run goes on.
 */
@ExtendWith(SharedRack.class)
class RunMatrixIT {

    static RunRecord fourChannels;
    static RunRecord oneChannel;
    static final AtomicBoolean hundredResultsBeforeTheThirdTarget = new AtomicBoolean();

    @BeforeAll
    static void runTwice(VirtualRack rack, @TempDir Path four, @TempDir Path one) throws Exception {
        var monitor = new TestMonitor(four);
        monitor.rack = rack.description();
        monitor.backend = rack.backend;
        fourChannels = monitor.run(Duration.ofMinutes(2));

        var single = new TestMonitor(one);
        single.rack = rack.description();
        single.backend = rack.backend;
        single.options = new RunOptions(Filter.include("hive-virtual-0"), null, 10_000, 300_000);
        // The third connect is answered only once 100 results have arrived: a runner that held its results back
        // until the end (the original's bounded queue) would wait for that answer for ever.
        var connects = new AtomicInteger();
        single.onConnect = (session, connect) -> {
            if (connects.incrementAndGet() != 3) {
                session.switchBus(connect);
                return;
            }
            Thread holder = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (session.finished.get() < 100 && System.nanoTime() < deadline) {
                    sleep(5);
                }
                hundredResultsBeforeTheThirdTarget.set(session.finished.get() >= 100);
                session.switchBus(connect);
            });
            holder.setDaemon(true);
            holder.start();
        };
        oneChannel = single.run(Duration.ofMinutes(2));
        for (RunRecord run : new RunRecord[] {fourChannels, oneChannel}) {
            System.out.println(run.describe("runner"));
        }
    }

    @Test
    void bothRunsCompleteAndSayWhy() {
        for (RunRecord run : new RunRecord[] {fourChannels, oneChannel}) {
            run.assertCompletedAndCounted();
        }
    }

    @Test
    void fourChannelsGiveEveryCellItsFullResults() {
        Map<String, Map<String, String>> matrix = fourChannels.matrix();
        var cells = new ArrayList<String>();
        for (int channel = 0; channel < 4; channel++) {
            for (String target : VirtualRack.TARGETS) {
                cells.add(channel + "/" + target);
            }
        }
        assertThat(matrix.keySet()).containsExactlyInAnyOrderElementsOf(cells);
        assertThat(matrix.values()).allSatisfy(tests -> assertThat(tests).hasSize(SampleSuite.RESULTS_PER_CELL));
        assertThat(fourChannels.results()).hasSize(28 * SampleSuite.RESULTS_PER_CELL);
    }

    @Test
    void everyCellHasTheOutcomesTheSampleSuiteCallsFor() {
        for (TestResult result : fourChannels.results()) {
            String target = result.cell().target();
            if (result.methodName().equals("theUidDefineMatchesTheUid")) {
                assertThat(RunRecord.outcome(result))
                        .as(RunRecord.cell(result.cell()))
                        .isEqualTo("PASSED");
                continue;
            }
            assertThat(RunRecord.outcome(result))
                    .as(RunRecord.cell(result.cell()) + " " + SampleSuite.key(result))
                    .isEqualTo(SampleSuite.expected(target).get(SampleSuite.key(result)));
        }
    }

    @Test
    void failuresCarryTheirStackTraceAndHangsTheirLimit() {
        TestResult failure = fourChannels.results("microbit", "failsOnPurpose").get(0);
        assertThat(failure.stackTrace())
                .contains("org.opentest4j.AssertionFailedError: a sample failure on microbit")
                .contains("dev.hive.sample.FailureSampleTest.failsOnPurpose(FailureSampleTest.java:");
        for (TestResult hung : fourChannels.results().stream()
                .filter(r -> r.methodName().equals("hangs"))
                .toList()) {
            assertThat(hung.durationMillis()).isBetween(250L, 5_000L);
            assertThat(hung.stackTrace()).as("where it hung").contains("TimeLimitSampleTest.hangs");
        }
        TestResult afterTheHang = fourChannels
                .results("microbit", "waitsForTheMonitorToKillItsTarget")
                .get(0);
        assertThat(afterTheHang.status()).as("the run went on after the hang").isEqualTo(TestStatus.PASSED);
    }

    @Test
    void everyChannelAndTheOneChannelRunAgree() {
        var reference = oneChannel.byTarget(0);
        assertThat(reference.keySet()).containsExactlyInAnyOrderElementsOf(VirtualRack.TARGETS);
        for (int channel = 0; channel < 4; channel++) {
            assertThat(fourChannels.byTarget(channel)).as("channel " + channel).isEqualTo(reference);
        }
    }

    @Test
    void everyStartedTestFinishesOnItsCellAndTestsRunInOrder() {
        for (RunRecord run : new RunRecord[] {fourChannels, oneChannel}) {
            var open = new TreeMap<String, TestStarted>();
            for (var message : run.messages()) {
                if (message instanceof TestStarted started) {
                    assertThat(open.put(RunRecord.cell(started.cell()), started))
                            .as("one test at a time per cell")
                            .isNull();
                } else if (message instanceof dev.hive.protocol.ipc.TestFinished finished) {
                    TestStarted started =
                            open.remove(RunRecord.cell(finished.result().cell()));
                    if (started != null) {
                        assertThat(started.testId()).isEqualTo(finished.result().testId());
                    } else {
                        assertThat(finished.result().status())
                                .as("only skipped tests never start")
                                .isEqualTo(TestStatus.SKIPPED);
                    }
                }
            }
            assertThat(open).isEmpty();
        }
        var order = oneChannel.results().stream()
                .filter(r -> r.cell().target().equals("microbit"))
                .map(SampleSuite::key)
                .distinct()
                .toList();
        assertThat(order)
                .containsExactly(
                        "ArmOnlySampleTest.bootsFromTheFirstFlashRegion",
                        "ArmOnlySampleTest.hasACortexCore",
                        "ContractSampleTest.drivesTheGpioOutput",
                        "ContractSampleTest.onlyOnRiscv",
                        "ContractSampleTest.onlyOnStm32AndMps2",
                        "ContractSampleTest.readsTheUart",
                        "FailureSampleTest.expectsAFailureButPasses",
                        "FailureSampleTest.failsAsExpected",
                        "FailureSampleTest.failsOnPurpose",
                        "ManyResultsSampleTest.theUidDefineMatchesTheUid",
                        "ProbeSampleTest.readsTheTestprogramHeader",
                        "ProbeSampleTest.theCounterRunsWhileTheCoreRuns",
                        "TargetLossSampleTest.waitsForTheMonitorToKillItsTarget",
                        "TimeLimitSampleTest.hangs");
    }

    @Test
    void resultsStreamWhileTheRunGoesOn() {
        assertThat(hundredResultsBeforeTheThirdTarget)
                .as("100 results arrived while the runner waited for its third target")
                .isTrue();
        assertThat(oneChannel.results())
                .hasSize(7 * SampleSuite.RESULTS_PER_CELL)
                .hasSizeGreaterThan(100);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
