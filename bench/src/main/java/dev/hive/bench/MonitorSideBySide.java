package dev.hive.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link MonitorBench}'s capabilities load and idle memory for several monitor builds or settings, interleaved
 * round by round so that all of them meet the same load on a shared machine. Not part of {@code bench/run}: run
 * it by hand to compare a change with what it replaces (docs/performance.md, "Monitor: capabilities p99 and idle
 * memory again").
 *
 * <p>Arguments: {@code [--rounds N] NAME=LAUNCHER[,metrics-off][,runner=JAR][,opts=JVM OPTIONS (last)] ...}; {@code LAUNCHER} is a
 * build's {@code monitor/bin/hive-monitor}, {@code JAR} that build's example runner (default: this checkout's). Each round starts each variant afresh: 3 runs of the example's one cell,
 * wrk 5 s warm-up and 10 s measured, 10 s idle, then its resident memory. CPU per request is the monitor's user +
 * system time over the measured window divided by the requests wrk counted; it is also given for the event loops
 * alone and for the named worker executors, from each thread's {@code /proc/PID/task/TID/stat}.
 */
final class MonitorSideBySide {

    private record Variant(String name, Path launcher, boolean metricsOff, String javaOpts, Path runner) {

        static Variant parse(String arg) {
            String[] nameAndRest = arg.split("=", 2);
            String[] parts = nameAndRest[1].split(",", -1);
            boolean off = false;
            String opts = "";
            Path runner = null;
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].equals("metrics-off")) {
                    off = true;
                } else if (parts[i].startsWith("runner=")) {
                    runner = Path.of(parts[i].substring(7));
                } else if (parts[i].startsWith("opts=")) { // the rest, commas and all
                    opts = String.join(",", java.util.Arrays.copyOfRange(parts, i, parts.length))
                            .substring(5);
                    break;
                } else {
                    throw new IllegalArgumentException("unknown variant option " + parts[i]);
                }
            }
            return new Variant(nameAndRest[0], Path.of(parts[0]), off, opts, runner);
        }
    }

    /**
     * {@code loopMicrosPerRequest}: the event loops' CPU time alone per request, which the JIT compiler threads
     * (still busy after a short warm-up on a loaded machine) and the other threads do not blur; {@code
     * workerMicrosPerRequest}: the named worker executors' ({@code hive-*}), e.g. the capabilities refresh.
     */
    private record Figures(
            double rps,
            double p50,
            double p99,
            double cpuMicrosPerRequest,
            double loopMicrosPerRequest,
            double workerMicrosPerRequest,
            long rssMb) {}

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        var variants = new ArrayList<Variant>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                variants.add(Variant.parse(args[i]));
            }
        }
        Path runner = RunnerBench.runnerJar("hive.bench.exampleRunner", Path.of("examples/rsp-probe-runner/target"));
        var bench = new MonitorBench(true, new Report());
        Map<String, List<Figures>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Variant variant : variants) {
                Figures f = measure(bench, variant, runner);
                results.computeIfAbsent(variant.name(), k -> new ArrayList<>()).add(f);
                System.out.printf(
                        "round %d %-12s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  %6.1f us CPU/req (event loop %5.1f,"
                                + " workers %5.1f)  idle RSS %d MB  (load %s)%n",
                        round,
                        variant.name(),
                        f.rps(),
                        f.p50(),
                        f.p99(),
                        f.cpuMicrosPerRequest(),
                        f.loopMicrosPerRequest(),
                        f.workerMicrosPerRequest(),
                        f.rssMb(),
                        load());
            }
        }
        System.out.println();
        System.out.println("medians over " + rounds + " rounds:");
        results.forEach((name, list) -> System.out.printf(
                "%-12s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  %6.1f us CPU/req (event loop %5.1f, workers %5.1f)"
                        + "  idle RSS %.0f MB%n",
                name,
                median(list.stream().map(Figures::rps).toList()),
                median(list.stream().map(Figures::p50).toList()),
                median(list.stream().map(Figures::p99).toList()),
                median(list.stream().map(Figures::cpuMicrosPerRequest).toList()),
                median(list.stream().map(Figures::loopMicrosPerRequest).toList()),
                median(list.stream().map(Figures::workerMicrosPerRequest).toList()),
                median(list.stream().map(f -> (double) f.rssMb()).toList())));
    }

    private static Figures measure(MonitorBench bench, Variant variant, Path runner) throws Exception {
        Map<String, String> env =
                variant.javaOpts().isEmpty() ? Map.of() : Map.of("HIVE_MONITOR_JAVA_OPTS", variant.javaOpts());
        String extra = variant.metricsOff() ? "metrics:\n  enabled: false\n" : "";
        try (var monitor = MonitorProcess.start(variant.launcher(), env, MonitorBench.RACK, extra)) {
            for (int i = 0; i < 3; i++) {
                bench.timedRun(monitor.base, monitor.token, variant.runner() == null ? runner : variant.runner());
            }
            String url = monitor.base + "/api/v1/capabilities";
            MonitorBench.wrk(url, monitor.token, 5);
            long cpuBefore = monitor.cpuMillis();
            Map<String, Long> threadsBefore = monitor.cpuMillisByThread();
            Map<String, String> latency = MonitorBench.wrk(url, monitor.token, 10);
            long cpu = monitor.cpuMillis() - cpuBefore;
            Map<String, Long> threadsAfter = monitor.cpuMillisByThread();
            double rps = Double.parseDouble(latency.get("rps"));
            long loop = threadsDelta(threadsBefore, threadsAfter, "vert.x-eventloo");
            long workers = threadsDelta(threadsBefore, threadsAfter, "hive-");
            Thread.sleep(10_000); // idle is the point: nothing to await
            String nmt = System.getProperty("hive.bench.nmtDir"); // variants started with -XX:NativeMemoryTracking
            if (nmt != null) {
                Path out = Path.of(nmt, variant.name() + "-" + monitor.process.pid() + ".txt");
                new ProcessBuilder("jcmd", String.valueOf(monitor.process.pid()), "VM.native_memory", "summary")
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start()
                        .waitFor();
            }
            return new Figures(
                    rps,
                    millis(latency.get("50%")),
                    millis(latency.get("99%")),
                    cpu * 1000.0 / (rps * 10),
                    loop * 1000.0 / (rps * 10),
                    workers * 1000.0 / (rps * 10),
                    monitor.rssKb() / 1024);
        }
    }

    /** The CPU milliseconds spent between two samples by the threads whose names start with {@code prefix}. */
    private static long threadsDelta(Map<String, Long> before, Map<String, Long> after, String prefix) {
        long sum = 0;
        for (var e : after.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return sum;
    }

    /** wrk's "631.00us", "2.17ms" or "1.02s" in milliseconds. */
    static double millis(String wrk) {
        if (wrk.endsWith("us")) {
            return Double.parseDouble(wrk.substring(0, wrk.length() - 2)) / 1000;
        } else if (wrk.endsWith("ms")) {
            return Double.parseDouble(wrk.substring(0, wrk.length() - 2));
        } else if (wrk.endsWith("s")) {
            return Double.parseDouble(wrk.substring(0, wrk.length() - 1)) * 1000;
        }
        throw new IllegalArgumentException("not a wrk time: " + wrk);
    }

    private static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String load() throws Exception {
        return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}
