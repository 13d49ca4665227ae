package dev.hive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code hive test} on the example candidate as a user runs it, against the packaged monitor with a virtual rack
 * of 8 boards on 4 stacks: the CLI's wall time (warm: the runner is cached and the monitor holds it with its
 * class-data archive) against the tests' own durations; the same suite on 4 channels against 1 channel; the
 * monitor's memory during a run. In full mode also 4 channels on the same boards in 3 stacks, for comparison: a
 * stack serves one channel at a time, so there one of the 4 channels always waits. As a user runs it: the launcher
 * with the CLI's daemon ({@code HIVE_DAEMON=on}, even in CI), which the first runs start (the one that writes the
 * CLI's class-data archive runs in its own JVM, the next starts the daemon): every measured run after the first
 * warm-up is the daemon's ({@code HIVE_DAEMON=off} in the bench's environment measures without). The daemon is
 * stopped at the end.
 */
final class EndToEndBench {

    /** The 8 boards in 4 stacks of 2: one stack per channel, so 4 channels can all work at once. */
    static final String TARGETS =
            """
            stacks:
              - name: stack-a
                targets: [stm32vldiscovery, netduinoplus2]
              - name: stack-b
                targets: [lm3s6965evb, microbit]
              - name: stack-c
                targets: [mps2-an500, mps2-an385]
              - name: stack-d
                targets: [mps2-an505, sifive_e]
            """;

    /** The same 8 boards in 3 stacks (the layout of the runs before 2026-12-07): 3 channels at most at once. */
    static final String TARGETS_IN_3_STACKS =
            """
            stacks:
              - name: stack-a
                targets: [stm32vldiscovery, netduinoplus2, lm3s6965evb]
              - name: stack-b
                targets: [microbit, mps2-an500, mps2-an385]
              - name: stack-c
                targets: [mps2-an505, sifive_e]
            """;

    private final boolean quick;
    private final Report report;
    private final ObjectMapper json = new ObjectMapper();

    EndToEndBench(boolean quick, Report report) {
        this.quick = quick;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        var report = new Report();
        new EndToEndBench(List.of(args).contains("--quick"), report).run();
        System.out.println();
        report.print(System.out);
    }

    /**
     * One measured {@code hive test}: wall time, the run as the monitor timed it, the tests' own time, the results
     * (one per probe x target x test) and how many of them passed.
     */
    record Measured(
            long wallMillis, long runMillis, long testMillis, int results, int passed, long maxRssKb, String phases) {}

    /**
     * The warm {@code hive test} of the example on the 8 targets, with 4 channels and with 1; and on 1 channel the
     * first run of the JAR on a monitor that never saw it (no class-data archive yet); in full mode 4 channels on
     * the 8 targets in 3 stacks (else null).
     */
    record Figures(Measured four, Measured one, Measured oneFirst, Measured fourIn3Stacks) {}

    /** Measures, adds the rows to the report and returns the figures for scenarios compared with them. */
    Figures run() throws Exception {
        Figures figures = measure();
        report(figures.four(), figures.one());
        if (figures.fourIn3Stacks() != null) {
            Measured three = figures.fourIn3Stacks();
            double rate = three.results() * 1000.0 / three.wallMillis();
            double rateOne = figures.one().results() * 1000.0 / figures.one().wallMillis();
            report.add(
                    "  the same 4 channels with the 8 targets in 3 stacks (one channel always waits): results/s,"
                            + " 4 channels / 1 channel",
                    "%d ms wall; %.1f / %.1f = %.2fx".formatted(three.wallMillis(), rate, rateOne, rate / rateOne),
                    "(comparison)");
        }
        report.add(
                "  1 channel, first run of the JAR (no class-data archive yet): phases on the monitor",
                figures.oneFirst().phases(),
                "wall %d ms".formatted(figures.oneFirst().wallMillis()));
        report.add(
                "  1 channel, fastest warm run (with the archive): phases on the monitor",
                figures.one().phases(),
                "wall %d ms".formatted(figures.one().wallMillis()));
        return figures;
    }

    Figures measure() throws Exception {
        Path cache = Files.createTempDirectory("hive-bench-cli-");
        try {
            Measured four = warm(rack(4), cache); // the first builds the runner once
            Measured fourIn3Stacks = quick ? null : warm(rack(4, TARGETS_IN_3_STACKS), cache);
            Measured one;
            Measured oneFirst;
            try (var monitor = MonitorProcess.start(rack(1))) {
                oneFirst = hiveTest(monitor, cache);
                awaitArchive(monitor);
                one = best(monitor, cache);
            }
            return new Figures(four, one, oneFirst, fourIn3Stacks);
        } finally {
            stopDaemon(cache);
            try (var paths = Files.walk(cache)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private void report(Measured four, Measured one) {
        report.add(
                "end to end: hive test, 4 channels x 8 targets, warm",
                "%d ms wall for %d results; the run %d ms on the monitor"
                        .formatted(four.wallMillis(), four.results(), four.runMillis()),
                "");
        report.add(
                "  tests' own time (sum) / wall, 4 channels",
                "%d ms / %d ms = %.2f"
                        .formatted(
                                four.testMillis(), four.wallMillis(), (double) four.testMillis() / four.wallMillis()),
                "(> 1: channels overlap)");
        double overhead = (double) one.wallMillis() / one.testMillis();
        report.add(
                "  wall / tests' own time, 1 channel (overhead ratio)",
                "%d ms / %d ms = %.2fx".formatted(one.wallMillis(), one.testMillis(), overhead),
                Report.target("issue 17", "<= 1.3x", overhead <= 1.3));
        // Every channel runs the suite on every target it reaches: 4 channels give 4x the results (one per
        // probe x target x test), so the speed-up is in results per second.
        double rateOne = one.results() * 1000.0 / one.wallMillis();
        double rateFour = four.results() * 1000.0 / four.wallMillis();
        report.add(
                "parallelism: results/s, 4 channels / 1 channel, same 8 targets",
                "%.1f / %.1f = %.2fx (%d vs %d results)"
                        .formatted(rateFour, rateOne, rateFour / rateOne, four.results(), one.results()),
                Report.target("issue 17", ">= 3.5x", rateFour / rateOne >= 3.5));
        report.add(
                "monitor: resident memory during a run (max)",
                "%d MB".formatted(Math.max(four.maxRssKb(), one.maxRssKb()) / 1024),
                "< 300 MB");
    }

    /** The example's rack: the 8 targets of {@link #TARGETS} behind {@code channels} virtual probes. */
    static String rack(int channels) {
        return rack(channels, TARGETS);
    }

    private static String rack(int channels, String stacks) {
        return "name: bench-" + channels + "ch\nbackend: virtual\nchannels: " + channels + "\n" + stacks;
    }

    /**
     * The fastest warm run on a new monitor with {@code rack}: after a first run that uploads the runner, and after
     * the monitor made the runner's class-data archive, as every later run of the same JAR finds it.
     */
    private Measured warm(String rack, Path cache) throws Exception {
        try (var monitor = MonitorProcess.start(rack)) {
            hiveTest(monitor, cache);
            awaitArchive(monitor);
            return best(monitor, cache);
        }
    }

    /** The fastest of a few runs: the machine is shared, and the rack and code are the same each time. */
    private Measured best(MonitorProcess monitor, Path cache) throws Exception {
        Measured best = null;
        for (int i = 0; i < (quick ? 1 : 3); i++) {
            Measured m = hiveTest(monitor, cache);
            if (best == null || m.wallMillis() < best.wallMillis()) {
                best = m;
            }
        }
        return best;
    }

    private Measured hiveTest(MonitorProcess monitor, Path cache) throws Exception {
        Path out = Files.createTempFile(cache, "run-", ".json");
        var command = new ProcessBuilder(
                        Path.of("cli/bin/hive").toAbsolutePath().toString(),
                        "test",
                        "examples/rsp-probe",
                        "--json",
                        out.toString())
                .redirectErrorStream(true);
        command.environment().put("HIVE_URL", monitor.base);
        command.environment().put("HIVE_TOKEN", monitor.token);
        command.environment().put("XDG_CACHE_HOME", cache.toString());
        command.environment().put("XDG_CONFIG_HOME", cache.resolve("config").toString());
        // what a user gets, even when the bench runs in CI (HIVE_DAEMON=off in the bench's environment: without)
        command.environment().put("HIVE_DAEMON", System.getenv().getOrDefault("HIVE_DAEMON", "on"));
        int phasesBefore = phaseLines(monitor).size();
        var maxRss = new AtomicLong();
        long start = System.nanoTime();
        Process hive = command.start();
        Thread sampler = new Thread(() -> {
            while (hive.isAlive()) {
                try {
                    maxRss.accumulateAndGet(monitor.rssKb(), Math::max);
                    Thread.sleep(100);
                } catch (Exception e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        String output = new String(hive.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!hive.waitFor(10, TimeUnit.MINUTES) || hive.exitValue() != 0) {
            throw new IllegalStateException("hive test failed:\n" + output);
        }
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        sampler.join();
        JsonNode run = json.readTree(out.toFile());
        long tests = 0;
        int passed = 0;
        List<JsonNode> results = new ArrayList<>();
        run.get("results").forEach(results::add);
        for (JsonNode r : results) {
            tests += r.path("durationMillis").asLong();
            passed += "PASSED".equals(r.path("status").asText()) ? 1 : 0;
        }
        long runMillis = Instant.parse(run.get("finishedAt").asText()).toEpochMilli()
                - Instant.parse(run.get("startedAt").asText()).toEpochMilli();
        return new Measured(
                wall, runMillis, tests, results.size(), passed, maxRss.get(), phasesAfter(monitor, phasesBefore));
    }

    /** Stops the CLI's daemon the runs with the cache {@code cache} started ({@code hive daemon stop}). */
    static void stopDaemon(Path cache) throws Exception {
        var stop = new ProcessBuilder(Path.of("cli/bin/hive").toAbsolutePath().toString(), "daemon", "stop")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        stop.environment().put("XDG_CACHE_HOME", cache.toString());
        stop.environment().put("XDG_CONFIG_HOME", cache.resolve("config").toString());
        Process process = stop.start();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
    }

    private static final String PHASES = " phases: ";

    /**
     * The monitor's log line of this run's phases ({@code run N phases: ...}), after its colon: the first after
     * the {@code before} lines logged by earlier runs. The monitor logs it once the targets are restored, which
     * may be after {@code hive test} has its results; waits for it (at most 30 s).
     */
    private static String phasesAfter(MonitorProcess monitor, int before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<String> lines = phaseLines(monitor);
            if (lines.size() > before) {
                return lines.get(before);
            }
            Thread.sleep(50);
        }
        return "(not logged)";
    }

    private static List<String> phaseLines(MonitorProcess monitor) throws java.io.IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(monitor.work.resolve("monitor.log"), StandardCharsets.UTF_8)) {
            int at = line.indexOf(PHASES);
            if (at >= 0) {
                found.add(line.substring(at + PHASES.length()).strip());
            }
        }
        return found;
    }

    /** Waits (at most 2 minutes) until the monitor has made the class-data archive of the runner JAR it holds. */
    private static void awaitArchive(MonitorProcess monitor) throws Exception {
        Path runners = monitor.work.resolve("data").resolve("runners");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(runners)) {
                if (files.anyMatch(p -> p.getFileName().toString().endsWith(".jsa.size"))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the monitor made no class-data archive of the runner within 2 minutes");
    }
}
