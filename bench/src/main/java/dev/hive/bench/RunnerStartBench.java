package dev.hive.bench;

import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.ipc.Hello;
import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.ipc.TestStarted;
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
 * Where a runner's start goes, variants side by side (not part of {@code bench/run}): each round launches every
 * variant once, in turn, on the {@link RunnerBench} rack (1 channel × 1 target), each with the class-data archive of
 * its JAR made by the monitor's training run, and prints, per variant, the medians of the monitor's clock from the
 * process start to {@code hello}, the run's first log line, the first {@code connect} and the first {@code
 * testStarted}, and the user + system CPU time of the whole run of the runner process.
 *
 * <p>{@code java -cp ... dev.hive.bench.RunnerStartBench ROUNDS NAME=JAR,TRAINING[,JVM-OPTION...] ...}, TRAINING
 * {@code suite} (the monitor's training: the suite run once against a closed probe, a dynamic archive), {@code
 * start} (the training before 2026-12-07: no channel, no test) or {@code static} (the suite's training run lists
 * its classes, {@code -Xshare:dump} archives them); variants of the same JAR and training share their archive.
 */
public final class RunnerStartBench {

    private RunnerStartBench() {}

    /** How a variant's archive is made. */
    private enum Training {
        /** The monitor's dynamic archive of a training run of the suite. */
        SUITE,
        /** A dynamic archive of a training run that ends after the discovery (the training before 2026-12-07). */
        START,
        /** A static archive ({@code -Xshare:dump}) of the classes a training run of the suite loads. */
        STATIC,
        /**
         * No archive: the runner is pre-started from the runner's fixed part ({@code -Dhive.bench.fixedPart}, else
         * runner-template/target's) and handed the JAR once ready, as the monitor does; its times count from the
         * handover, and its CPU is given whole and after the handover.
         */
        PRESTART
    }

    private record Variant(String name, Path jar, Training training, List<String> options) {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        var variants = new ArrayList<Variant>();
        for (String arg : Arrays.asList(args).subList(1, args.length)) {
            String[] nameRest = arg.split("=", 2);
            String[] parts = nameRest[1].split(",");
            variants.add(new Variant(
                    nameRest[0],
                    Path.of(parts[0]),
                    Training.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT)),
                    List.of(parts).subList(2, parts.length)));
        }
        Path work = Files.createTempDirectory("hive-runner-start-");
        Path fixedPart = RunnerBench.fixedPart(Path.of("runner-template/target"));
        var archives = new LinkedHashMap<String, Path>();
        var phases = new LinkedHashMap<String, List<long[]>>();
        var traces = new LinkedHashMap<String, Map<String, List<Double>>>();
        try (var rack = VirtualRack.start(RunnerBench.RACK);
                AutoCloseable cleanUp = () -> RunnerBench.delete(work)) {
            for (Variant v : variants) {
                String key = v.jar() + "," + v.training();
                if (v.training() != Training.PRESTART && !archives.containsKey(key)) {
                    Path archive = work.resolve("archive-" + archives.size() + ".jsa");
                    Path dir = work.resolve("training-" + archives.size());
                    long millis = v.training() == Training.STATIC
                            ? RunnerBench.dumpStaticArchive(rack, v.jar(), archive, dir)
                            : RunnerBench.dumpArchive(rack, v.jar(), archive, dir, v.training() == Training.SUITE);
                    System.out.printf(
                            "archive of %s (%s): %.1f MB in %d ms%n",
                            v.jar(), v.training(), Files.size(archive) / 1e6, millis);
                    archives.put(key, archive);
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (Variant v : variants) {
                    var options = new ArrayList<>(RunnerBench.RUNNER_OPTIONS);
                    boolean preStarted = v.training() == Training.PRESTART;
                    if (!preStarted) {
                        options.addAll(List.of(
                                "-XX:+VerifySharedSpaces",
                                "-XX:SharedArchiveFile=" + archives.get(v.jar() + "," + v.training())));
                    }
                    options.addAll(v.options());
                    Path dir = work.resolve(v.name() + "-" + round);
                    long cpuBefore = childrenCpuMillis();
                    var measured = RunnerBench.measuredRun(rack, v.jar(), options, preStarted ? fixedPart : null, dir);
                    RunRecord run = measured.run();
                    long[] at = phases(run);
                    at[4] = childrenCpuMillis() - cpuBefore;
                    at[5] = preStarted ? at[4] - measured.handoverCpuMillis() : at[4];
                    phases.computeIfAbsent(v.name(), n -> new ArrayList<>()).add(at);
                    traceSteps(run.stderr())
                            .forEach((step, ms) -> traces.computeIfAbsent(v.name(), n -> new LinkedHashMap<>())
                                    .computeIfAbsent(step, k -> new ArrayList<>())
                                    .add((double) ms));
                }
            }
        }
        System.out.printf(
                "%-24s %8s %10s %10s %12s %18s %18s   (median ms from the process start or handover, %d rounds,"
                        + " load %s)%n",
                "variant",
                "hello",
                "first log",
                "connect",
                "testStarted",
                "whole run's CPU",
                "CPU from handover",
                rounds,
                Files.readString(Path.of("/proc/loadavg")).trim());
        for (Map.Entry<String, List<long[]>> e : phases.entrySet()) {
            System.out.printf(
                    "%-24s %8.0f %10.0f %10.0f %12.0f %18.0f %18.0f%n",
                    e.getKey(),
                    median(e.getValue(), 0),
                    median(e.getValue(), 1),
                    median(e.getValue(), 2),
                    median(e.getValue(), 3),
                    median(e.getValue(), 4),
                    median(e.getValue(), 5));
        }
        printTraces(traces);
    }

    /** The steps of a runner's {@code -Dhive.runner.trace=true} line on stderr, in milliseconds since its JVM started. */
    static Map<String, Long> traceSteps(String stderr) {
        var steps = new LinkedHashMap<String, Long>();
        String prefix = "hive runner start (ms since JVM start): ";
        stderr.lines().filter(l -> l.startsWith(prefix)).findFirst().ifPresent(line -> {
            for (String step : line.substring(prefix.length()).split(", ")) {
                int space = step.lastIndexOf(' ');
                steps.put(step.substring(0, space), Long.parseLong(step.substring(space + 1)));
            }
        });
        return steps;
    }

    private static long[] phases(RunRecord run) {
        long[] at = {-1, -1, -1, -1, -1, -1};
        for (int i = 0; i < run.messages().size(); i++) {
            IpcMessage m = run.messages().get(i);
            int k = m instanceof Hello
                    ? 0
                    : m instanceof Log ? 1 : m instanceof Connect ? 2 : m instanceof TestStarted ? 3 : -1;
            if (k >= 0 && at[k] < 0) {
                at[k] = (run.receivedNanos().get(i) - run.launchedNanos()) / 1_000_000;
            }
        }
        return at;
    }

    /** Per variant that traced its start, the median of each step, in the runner's order of steps. */
    private static void printTraces(Map<String, Map<String, List<Double>>> traces) {
        traces.forEach((variant, steps) -> {
            var line = new StringBuilder(variant + " (-Dhive.runner.trace, medians, ms since JVM start):");
            steps.forEach((step, values) -> line.append(" %s %.0f".formatted(step, Report.median(values))));
            System.out.println(line);
        });
    }

    /**
     * User + system CPU of this process's children that have ended and been waited for ({@code /proc/self/stat}
     * cutime + cstime): the runner is the only child that ends during a run (the rack's QEMU stays up).
     */
    private static long childrenCpuMillis() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is the state (field 3 of proc(5)); cutime and cstime are fields 16 and 17
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
    }

    private static double median(List<long[]> runs, int phase) {
        return Report.median(runs.stream().map(r -> (double) r[phase]).toList());
    }
}
