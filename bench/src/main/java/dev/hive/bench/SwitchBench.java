package dev.hive.bench;

import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.ipc.Disconnect;
import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.TestFinished;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.runner.it.RunRecord;
import dev.hive.runner.it.VirtualRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time between a run's tests goes on one channel (not part of {@code bench/run}): the runner visits the
 * {@link EndToEndBench} boards (8, in 4 stacks of 2) on one channel, variants side by side round by round, each
 * pre-started from its own fixed part and handed its JAR, as the monitor does. Per variant, medians in ms on the
 * monitor's clock: the handover to the first {@code testStarted}; per switch between two targets, the previous
 * target's last {@code testFinished} to the {@code disconnect}, the {@code disconnect} to the next {@code connect}
 * (or, without a {@code disconnect}, nothing), the {@code connect} to the next target's first {@code testStarted};
 * the gap between two tests on one target; the first test's own duration on a target (it opens the session) and
 * the others'; the tests' span against their own time. Also the rack's own switch (connect + disconnect, in
 * process, no runner), and the medians of the runner's own start trace ({@code -Dhive.runner.trace=true}).
 *
 * <p>{@code java -cp ... dev.hive.bench.SwitchBench ROUNDS NAME=RUNNER-JAR,FIXED-JAR[,JVM-OPTION...] ...}
 */
public final class SwitchBench {

    private SwitchBench() {}

    static final String RACK = "name: switch-bench\nbackend: virtual\nchannels: 1\n" + EndToEndBench.TARGETS;

    private static final String[] COLUMNS = {
        "to 1st test",
        "end→disc",
        "disc→conn",
        "conn→test",
        "switch",
        "test→test",
        "1st test",
        "other test",
        "span",
        "own",
    };

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        var variants = new LinkedHashMap<String, Path[]>();
        var extraOptions = new LinkedHashMap<String, List<String>>();
        for (String arg : Arrays.asList(args).subList(1, args.length)) {
            String[] nameRest = arg.split("=", 2);
            String[] parts = nameRest[1].split(",");
            variants.put(nameRest[0], new Path[] {Path.of(parts[0]), Path.of(parts[1])});
            extraOptions.put(nameRest[0], List.of(parts).subList(2, parts.length));
        }
        Path work = Files.createTempDirectory("hive-switch-bench-");
        var figures = new LinkedHashMap<String, List<double[]>>();
        var traces = new LinkedHashMap<String, Map<String, List<Double>>>();
        var options = new ArrayList<>(RunnerBench.RUNNER_OPTIONS);
        options.add("-Dhive.runner.trace=true");
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        try (var rack = VirtualRack.start(RACK);
                AutoCloseable cleanUp = () -> RunnerBench.delete(work)) {
            System.out.printf(
                    "rack's own switch (connect + disconnect, in process): %.2f ms median of 200%n", rackSwitch(rack));
            for (int round = 0; round < rounds; round++) {
                var order = new ArrayList<>(variants.keySet());
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String name : order) {
                    Path[] v = variants.get(name);
                    var runOptions = new ArrayList<>(options);
                    runOptions.addAll(extraOptions.get(name));
                    RunRecord run = RunnerBench.measuredRun(
                                    rack, v[0], runOptions, v[1], work.resolve(name + "-" + round))
                            .run();
                    double[] f = figures(run);
                    figures.computeIfAbsent(name, n -> new ArrayList<>()).add(f);
                    RunnerStartBench.traceSteps(run.stderr())
                            .forEach((step, ms) -> traces.computeIfAbsent(name, n -> new LinkedHashMap<>())
                                    .computeIfAbsent(step, k -> new ArrayList<>())
                                    .add((double) ms));
                    System.out.printf("round %d %-10s %s%n", round, name, format(f));
                }
            }
        }
        System.out.printf(
                "%-10s %s   (median of %d rounds; ms; load %s before, %s after)%n",
                "variant",
                String.join(
                        " ",
                        Arrays.stream(COLUMNS)
                                .map(c -> String.format("%11s", c))
                                .toList()),
                rounds,
                loadBefore,
                Files.readString(Path.of("/proc/loadavg")).trim());
        for (Map.Entry<String, List<double[]>> e : figures.entrySet()) {
            double[] medians = new double[COLUMNS.length];
            for (int c = 0; c < COLUMNS.length; c++) {
                int column = c;
                medians[c] = median(e.getValue().stream().map(f -> f[column]).toList());
            }
            System.out.printf("%-10s %s%n", e.getKey(), format(medians));
        }
        traces.forEach((name, steps) -> {
            var line = new StringBuilder(name + " (the runner's trace, medians, ms since its JVM started):");
            steps.forEach((step, values) -> line.append(String.format(" %s %.0f", step, median(values))));
            System.out.println(line);
        });
    }

    private static String format(double[] f) {
        var out = new StringBuilder();
        for (double v : f) {
            out.append(String.format("%11.1f ", v));
        }
        return out.toString();
    }

    /** One run's figures, in the order of {@link #COLUMNS}; the per-switch and per-test ones are medians. */
    static double[] figures(RunRecord run) {
        for (var result : run.results()) {
            if (result.status() == TestStatus.FAILED || result.status() == TestStatus.ERROR) {
                throw new IllegalStateException("a test did not pass on the bench rack: " + result.className() + "."
                        + result.methodName() + " " + RunRecord.outcome(result));
            }
        }
        var endToDisc = new ArrayList<Double>();
        var discToConn = new ArrayList<Double>();
        var connToTest = new ArrayList<Double>();
        var whole = new ArrayList<Double>();
        var testToTest = new ArrayList<Double>();
        var firstTest = new ArrayList<Double>();
        var otherTest = new ArrayList<Double>();
        long firstStart = -1;
        long lastFinish = -1;
        long lastFinished = -1;
        long disconnectAt = -1;
        long connectAt = -1;
        boolean firstOfTarget = false;
        double own = 0;
        for (int i = 0; i < run.messages().size(); i++) {
            IpcMessage m = run.messages().get(i);
            long at = run.receivedNanos().get(i);
            if (m instanceof Disconnect) {
                disconnectAt = at;
            } else if (m instanceof Connect) {
                connectAt = at;
                firstOfTarget = true;
            } else if (m instanceof TestStarted) {
                if (firstStart < 0) {
                    firstStart = at;
                } else if (firstOfTarget) {
                    long from = disconnectAt > lastFinished ? disconnectAt : connectAt;
                    endToDisc.add(ms(from - lastFinished));
                    discToConn.add(ms(connectAt - from));
                    connToTest.add(ms(at - connectAt));
                    whole.add(ms(at - lastFinished));
                } else {
                    testToTest.add(ms(at - lastFinished));
                }
            } else if (m instanceof TestFinished finished) {
                long took = finished.result().durationMillis();
                own += took;
                if (finished.result().status() == TestStatus.PASSED) {
                    (firstOfTarget ? firstTest : otherTest).add((double) took);
                }
                firstOfTarget = false;
                lastFinished = at;
                lastFinish = at;
            }
        }
        return new double[] {
            ms(firstStart - run.launchedNanos()),
            median(endToDisc),
            median(discToConn),
            median(connToTest),
            median(whole),
            median(testToTest),
            median(firstTest),
            median(otherTest),
            ms(lastFinish - firstStart),
            own
        };
    }

    /** The virtual rack's own connect + disconnect of channel 0 to its first target, in process. */
    private static double rackSwitch(VirtualRack rack) {
        var times = new ArrayList<Double>();
        var slot = new SlotAddress(0, 0);
        for (int i = 0; i < 200; i++) {
            long start = System.nanoTime();
            rack.backend.connect(0, slot);
            rack.backend.disconnect(0);
            times.add(ms(System.nanoTime() - start));
        }
        return median(times);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        var sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
