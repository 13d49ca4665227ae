package dev.hive.example.rsp.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.TestFinished;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.runner.it.RunRecord;
import dev.hive.runner.it.SharedRack;
import dev.hive.runner.it.TestMonitor;
import dev.hive.runner.it.VirtualRack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example candidate's runner JAR, started as the monitor starts it ({@code java -jar}), runs the candidate's
 * hive suite on a virtual rack of 4 channels and 7 QEMU targets on 3 stacks, and again on channel 0 alone: every
 * test × channel × target cell is there, every check passes on every target, the Cortex-M test is skipped with
 * its reason on the RISC-V target only, and both runs agree cell by cell.
 */
@ExtendWith(SharedRack.class)
class ExampleRunnerIT {

    static RunRecord fourChannels;
    static RunRecord oneChannel;

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
        oneChannel = single.run(Duration.ofMinutes(2));
        for (RunRecord run : new RunRecord[] {fourChannels, oneChannel}) {
            System.out.println(run.describe("example runner"));
        }
    }

    @Test
    void bothRunsCompleteAndCountTheirResults() {
        for (RunRecord run : new RunRecord[] {fourChannels, oneChannel}) {
            run.assertCompletedAndCounted();
        }
    }

    @Test
    void everyTestHasOneResultInEveryCell() {
        var cells = new ArrayList<String>();
        for (int channel = 0; channel < 4; channel++) {
            for (String target : VirtualRack.TARGETS) {
                cells.add(channel + "/" + target);
            }
        }
        Map<String, Map<String, String>> matrix = byKey(fourChannels);
        assertThat(matrix.keySet()).containsExactlyInAnyOrderElementsOf(cells);
        assertThat(matrix.values()).allSatisfy(tests -> assertThat(tests.keySet())
                .containsExactlyInAnyOrderElementsOf(ExampleSuite.TESTS));
        assertThat(fourChannels.results()).hasSize(cells.size() * ExampleSuite.TESTS.size());
        assertThat(fourChannels.results())
                .allSatisfy(r -> assertThat(r.className()).startsWith(ExampleSuite.PACKAGE));
    }

    @Test
    void everyCheckPassesOnEveryTargetAndTheContractSkipsOnlyOnRiscv() {
        for (RunRecord run : new RunRecord[] {fourChannels, oneChannel}) {
            Map<String, Map<String, String>> matrix = byKey(run);
            matrix.forEach((cell, tests) -> {
                String target = cell.substring(cell.indexOf('/') + 1);
                assertThat(tests).as(cell).isEqualTo(ExampleSuite.expected(target));
            });
        }
        assertThat(fourChannels.count(TestStatus.SKIPPED))
                .as("the Cortex-M test on sifive_e, once per channel")
                .isEqualTo(4);
        assertThat(fourChannels.count(TestStatus.PASSED)).isEqualTo(28L * ExampleSuite.TESTS.size() - 4);
        assertThat(oneChannel.count(TestStatus.SKIPPED)).isEqualTo(1);
    }

    @Test
    void fourChannelsGiveTheSameMatrixAsOneChannel() {
        Map<String, Map<String, TestStatus>> reference = statuses(oneChannel, 0);
        assertThat(reference.keySet()).containsExactlyInAnyOrderElementsOf(VirtualRack.TARGETS);
        for (int channel = 0; channel < 4; channel++) {
            assertThat(statuses(fourChannels, channel)).as("channel " + channel).isEqualTo(reference);
        }
    }

    @Test
    void testsRunInTheSuitesOrderAndEachStartedTestFinishes() {
        for (RunRecord run : new RunRecord[] {fourChannels, oneChannel}) {
            var open = new TreeMap<String, TestStarted>();
            for (var message : run.messages()) {
                if (message instanceof TestStarted started) {
                    assertThat(open.put(RunRecord.cell(started.cell()), started))
                            .as("one test at a time per cell")
                            .isNull();
                } else if (message instanceof TestFinished finished) {
                    TestStarted started =
                            open.remove(RunRecord.cell(finished.result().cell()));
                    if (started == null) {
                        assertThat(finished.result().status())
                                .as("only a skipped test never starts")
                                .isEqualTo(TestStatus.SKIPPED);
                    } else {
                        assertThat(started.testId()).isEqualTo(finished.result().testId());
                    }
                }
            }
            assertThat(open).isEmpty();
            for (String target : VirtualRack.TARGETS) {
                assertThat(run.results().stream()
                                .filter(r -> r.cell().channel() == 0
                                        && r.cell().target().equals(target))
                                .map(ExampleSuite::key)
                                .toList())
                        .as(target)
                        .containsExactlyElementsOf(ExampleSuite.TESTS);
            }
        }
    }

    /** Per cell ({@code channel/target}), per {@code Class.method}: the outcome. */
    private static Map<String, Map<String, String>> byKey(RunRecord run) {
        return run.results().stream()
                .collect(Collectors.groupingBy(
                        r -> RunRecord.cell(r.cell()),
                        TreeMap::new,
                        Collectors.toMap(
                                ExampleSuite::key, RunRecord::outcome, (a, b) -> a + " AND " + b, TreeMap::new)));
    }

    /** Per target, per {@code Class.method}: the status on {@code channel}. */
    private static Map<String, Map<String, TestStatus>> statuses(RunRecord run, int channel) {
        return run.results().stream()
                .filter(r -> r.cell().channel() == channel)
                .collect(Collectors.groupingBy(
                        r -> r.cell().target(),
                        TreeMap::new,
                        Collectors.toMap(
                                ExampleSuite::key, TestResult::status, (a, b) -> TestStatus.ERROR, TreeMap::new)));
    }
}
