package dev.hive.runner.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.Connected;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.runner.Racks;
import dev.hive.runner.suite.ResultSink;
import dev.hive.runner.suite.RunControl;
import dev.hive.runner.suite.Suite;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Channel threads against a fake bus switch that behaves like the monitor's. */
class ChannelWorkerTest {

    /** A bus switch with the monitor's rules: one channel per stack, one target per channel. */
    static final class FakeBus implements BusRequests {
        final Map<Integer, Integer> stackHolder = new HashMap<>();
        final Map<Integer, int[]> connection = new HashMap<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final AtomicInteger connects = new AtomicInteger();
        final AtomicInteger refusals = new AtomicInteger();
        final BiFunction<Integer, Integer, String> refuse;
        final Map<String, Integer> refusedSoFar = new ConcurrentHashMap<>();

        FakeBus(BiFunction<Integer, Integer, String> refuse) {
            this.refuse = refuse;
        }

        @Override
        public synchronized Connected connect(int channel, int stack, int slot) {
            connects.incrementAndGet();
            if (connection.containsKey(channel)) {
                violations.add("channel " + channel + " connects while still connected");
            }
            Integer holder = stackHolder.get(stack);
            if (holder != null && holder != channel) {
                violations.add("channel " + channel + " asked for stack " + stack + " held by " + holder);
                return Connected.failure(0, "stack busy");
            }
            String why = refuse.apply(stack, slot);
            if (why != null) {
                refusals.incrementAndGet();
                return Connected.failure(0, why);
            }
            stackHolder.put(stack, channel);
            connection.put(channel, new int[] {stack, slot});
            return Connected.success(0);
        }

        @Override
        public synchronized Connected disconnect(int channel) {
            int[] was = connection.remove(channel);
            if (was == null) {
                violations.add("channel " + channel + " disconnects while not connected");
            } else {
                stackHolder.remove(was[0]);
            }
            return Connected.success(0);
        }
    }

    static final class Results implements ResultSink {
        final List<TestResult> finished = new CopyOnWriteArrayList<>();

        @Override
        public void started(TestStarted started) {}

        @Override
        public void finished(TestResult result) {
            finished.add(result);
        }

        List<String> cells() {
            return finished.stream()
                    .map(r -> r.cell().channel() + "/" + r.cell().target())
                    .sorted()
                    .toList();
        }
    }

    static Results run(RackDescription rack, RunOptions options, FakeBus bus, RunControl control) throws Exception {
        var results = new Results();
        var plan = RackPlan.of(rack, options);
        var suite = new Suite(List.of(OneTestFixture.class.getName()), Clock.systemUTC());
        var shared = new ChannelWorker.Shared(
                new ActiveVisits(), bus, suite, control, results, (level, channel, message) -> {}, 5_000);
        var threads = new ArrayList<Thread>();
        for (var channel : plan.channels()) {
            threads.add(new Thread(new ChannelWorker(channel, rack, plan, shared)));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        return results;
    }

    static RunOptions all() {
        return new RunOptions(null, null, 5_000, 60_000);
    }

    static List<String> expectedCells(int channels, List<String> targets) {
        var cells = new ArrayList<String>();
        for (int c = 0; c < channels; c++) {
            for (String t : targets) {
                cells.add(c + "/" + t);
            }
        }
        return cells.stream().sorted().toList();
    }

    static final List<String> MATRIX_TARGETS = List.of(
            "stm32vldiscovery", "netduinoplus2", "lm3s6965evb", "microbit", "mps2-an500", "mps2-an505", "sifive_e");

    @Test
    void fourChannelsVisitEveryTargetOnceWithOneChannelPerStack() throws Exception {
        var bus = new FakeBus((stack, slot) -> null);
        var results = run(Racks.matrix(), all(), bus, new RunControl());
        assertThat(bus.violations).isEmpty();
        assertThat(results.cells()).isEqualTo(expectedCells(4, MATRIX_TARGETS));
        assertThat(results.finished).allSatisfy(r -> assertThat(r.status()).isEqualTo(TestStatus.PASSED));
        assertThat(bus.connection).as("every channel disconnected at the end").isEmpty();
    }

    @Test
    void aRefusedTargetIsRetriedLater() throws Exception {
        var refusedOnce = ConcurrentHashMap.<String>newKeySet();
        var bus = new FakeBus((stack, slot) -> stack == 1 && slot == 0 && refusedOnce.add("x") ? "restarting" : null);
        var results = run(Racks.matrix(), all(), bus, new RunControl());
        assertThat(bus.refusals).hasValue(1);
        assertThat(results.cells()).isEqualTo(expectedCells(4, MATRIX_TARGETS));
        assertThat(results.finished).allSatisfy(r -> assertThat(r.status()).isEqualTo(TestStatus.PASSED));
    }

    @Test
    void aTargetThatIsAlwaysRefusedEndsAsErrorsAfterFiveAttempts() throws Exception {
        var bus = new FakeBus((stack, slot) -> stack == 1 && slot == 1 ? "QEMU does not start" : null);
        var results = run(Racks.matrix(), all(), bus, new RunControl());
        assertThat(results.cells()).isEqualTo(expectedCells(4, MATRIX_TARGETS));
        assertThat(bus.refusals).hasValue(4 * ChannelWorker.MAX_REFUSALS);
        assertThat(results.finished.stream().filter(r -> r.cell().target().equals("mps2-an500")))
                .hasSize(4)
                .allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(TestStatus.ERROR);
                    assertThat(r.message())
                            .startsWith("channel " + r.cell().channel() + " could not be connected to mps2-an500")
                            .endsWith("after 5 attempts: QEMU does not start");
                });
    }

    @Test
    void aTargetWithoutItsTestprogramIsAnErrorWithoutConnecting() throws Exception {
        var rack = Racks.matrix();
        var broken = rack.stacks().get(1).slots().get(0).target();
        var stacks = new ArrayList<>(rack.stacks());
        stacks.set(
                1,
                new dev.hive.protocol.rack.StackDescription(
                        1,
                        "stack-b",
                        List.of(
                                new dev.hive.protocol.rack.SlotDescription(
                                        0,
                                        new dev.hive.protocol.rack.TargetDescription(
                                                broken.name(),
                                                broken.architecture(),
                                                broken.core(),
                                                broken.memory(),
                                                null,
                                                false,
                                                "arm-none-eabi-gcc: not found")),
                                rack.stacks().get(1).slots().get(1))));
        var withBroken = new RackDescription(rack.name(), rack.capabilities(), rack.channels(), stacks);
        var bus = new FakeBus((stack, slot) -> null);
        var results = run(
                withBroken,
                new RunOptions(Filter.include("hive-virtual-0"), null, 5_000, 60_000),
                bus,
                new RunControl());
        assertThat(results.cells()).isEqualTo(expectedCells(1, MATRIX_TARGETS));
        var microbit = results.finished.stream()
                .filter(r -> r.cell().target().equals("microbit"))
                .findFirst()
                .orElseThrow();
        assertThat(microbit.status()).isEqualTo(TestStatus.ERROR);
        assertThat(microbit.message())
                .isEqualTo("the testprogram could not be flashed onto microbit: arm-none-eabi-gcc: not found");
        assertThat(bus.connects).as("no connect for the broken target").hasValue(6);
    }

    @Test
    void aTargetTheMonitorMarksUnavailableIsSkippedWithTheReasonAndNeverConnected() throws Exception {
        RackDescription rack = Racks.matrix();
        var stacks = new ArrayList<>(rack.stacks());
        var first = rack.stacks().get(1).slots().get(0);
        String why = "target microbit in slot 1/0 is BAD since 2026-12-07T02:31:10Z (health-check): check failed";
        stacks.set(
                1,
                new dev.hive.protocol.rack.StackDescription(
                        1,
                        "stack-b",
                        List.of(
                                new dev.hive.protocol.rack.SlotDescription(
                                        0, first.target().withUnavailable(why)),
                                rack.stacks().get(1).slots().get(1))));
        var withBad = new RackDescription(rack.name(), rack.capabilities(), rack.channels(), stacks);
        var bus = new FakeBus((stack, slot) -> null);
        var results = run(
                withBad, new RunOptions(Filter.include("hive-virtual-0"), null, 5_000, 60_000), bus, new RunControl());

        assertThat(results.cells()).as("never silently missing").isEqualTo(expectedCells(1, MATRIX_TARGETS));
        var skipped = results.finished.stream()
                .filter(r -> r.cell().target().equals(first.target().name()))
                .toList();
        assertThat(skipped).isNotEmpty().allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(TestStatus.SKIPPED);
            assertThat(r.message()).isEqualTo(why);
        });
        assertThat(bus.connects).as("no connect for the unavailable target").hasValue(6);
    }

    @Test
    void aStoppedRunVisitsNothingMore() throws Exception {
        var control = new RunControl();
        control.stop("cancelled");
        var bus = new FakeBus((stack, slot) -> null);
        var results = run(Racks.matrix(), all(), bus, control);
        assertThat(results.finished).isEmpty();
        assertThat(bus.connects).hasValue(0);
    }
}
