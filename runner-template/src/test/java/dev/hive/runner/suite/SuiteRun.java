package dev.hive.runner.suite;

import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.MemoryKind;
import dev.hive.protocol.rack.MemoryRegion;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.TestResult;
import dev.hive.runner.api.HiveContext;
import dev.hive.runner.api.ProbeInfo;
import dev.hive.runner.api.TargetInfo;
import dev.hive.runner.channel.SocketTestChannel;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs fixture classes as the runner would on one cell and records what it streams. */
final class SuiteRun implements ResultSink {

    static final Cell CELL = new Cell(1, "Virtual GDB probe 1", "hive-virtual-1", 1, 0, "microbit");

    final List<TestStarted> started = new CopyOnWriteArrayList<>();
    final List<TestResult> finished = new CopyOnWriteArrayList<>();
    final RunControl control = new RunControl();
    final TargetWatch watch = new TargetWatch(control);

    @Override
    public void started(TestStarted event) {
        started.add(event);
    }

    @Override
    public void finished(TestResult result) {
        finished.add(result);
    }

    static Suite suite(Class<?>... classes) {
        return new Suite(Arrays.stream(classes).map(Class::getName).toList(), Clock.systemUTC());
    }

    SuiteRun run(long defaultLimitMillis, Class<?>... classes) {
        try (ChannelSuite channel = suite(classes).open("channel-1", defaultLimitMillis)) {
            channel.run(CELL, context(), watch, this);
        }
        return this;
    }

    static HiveContext context() {
        var target = new TargetInfo(
                "microbit",
                Architecture.ARM,
                "cortex-m0",
                List.of(
                        new MemoryRegion(MemoryKind.FLASH, 0, 0x4_0000),
                        new MemoryRegion(MemoryKind.RAM, 0x2000_0000L, 0x4000)),
                "default",
                Map.of("hive_header", 0x200L),
                Map.of("HIVE_UID", "0x0000000000000001ULL"),
                1);
        var probe = new ProbeInfo("VIRTUAL_GDB", "Virtual GDB probe 1", "hive-virtual-1", "unix:/nonexistent");
        return new HiveContext(probe, target, new SocketTestChannel(1, null, false), Set.of("virtual"));
    }

    /** The method name (with the invocation's display name for parameterized tests) of each result, in order. */
    List<String> names() {
        return finished.stream().map(SuiteRun::name).toList();
    }

    TestResult result(String name) {
        return finished.stream()
                .filter(r -> name(r).equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + name + " in " + names()));
    }

    static String name(TestResult result) {
        String display = result.displayName();
        int space = display.indexOf(") ");
        return space < 0 ? result.methodName() : result.methodName() + display.substring(space + 1);
    }
}
