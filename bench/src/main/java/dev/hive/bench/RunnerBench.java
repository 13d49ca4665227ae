package dev.hive.bench;

import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.TestFinished;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.ProbeDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.runner.it.RunRecord;
import dev.hive.runner.it.TestMonitor;
import dev.hive.runner.it.VirtualRack;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runner, started as the monitor starts it ({@code java -jar}) by the runner template's test monitor, on a
 * virtual rack of one channel and one target, so that no bus switch happens between tests: JVM start to the
 * first {@code testStarted}, the overhead the runner adds to each test, and the size of the runner JAR.
 *
 * <p>Overhead per test is measured two ways. With the example candidate's runner (real RSP tests): the time from
 * one {@code testStarted} to the next, as the monitor receives them, minus the test's own duration as the runner
 * reports it. With the template's sample runner: the time from one {@code testStarted} to the next across 40
 * repetitions of a test that does nothing, i.e. everything a trivial test costs, its own (empty) run included.
 */
public final class RunnerBench {

    static final String RACK =
            """
            name: runner-bench
            backend: virtual
            channels: 1
            stacks:
              - name: a
                targets: [lm3s6965evb]
            """;

    /** The template sample suite's repeated test that touches nothing but its parameters. */
    static final String TRIVIAL_TEST = "theUidDefineMatchesTheUid";

    private final boolean quick;
    private final Report report;

    RunnerBench(boolean quick, Report report) {
        this.quick = quick;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        var report = new Report();
        new RunnerBench(List.of(args).contains("--quick"), report).run();
        System.out.println();
        report.print(System.out);
    }

    /** What one launch of the example runner showed. */
    private record Launch(long startupMillis, double overheadPerTest, int tests) {}

    /**
     * The JVM options the monitor starts a runner with ({@code dev.hive.monitor.task.RunnerJvm#OPTIONS}; the bench
     * does not depend on the monitor, so they are repeated here): a short-lived JVM needs no C2 and no parallel GC.
     */
    static final List<String> RUNNER_OPTIONS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");

    /**
     * How a launch starts the runner's JVM: as before (plain {@code java -jar}), with the monitor's options, with
     * them and CDS (as the monitor starts a runner cold), and pre-started from the runner's fixed part and handed
     * the run once ready (as the monitor runs a run when its pre-started runner is ready; its time counts from the
     * handover).
     */
    private enum Variant {
        PLAIN,
        OPTIONS,
        ARCHIVE,
        PRE_STARTED
    }

    void run() throws Exception {
        Path example = runnerJar("hive.bench.exampleRunner", Path.of("examples/rsp-probe-runner/target"));
        Path template = runnerJar("hive.bench.templateRunner", Path.of("runner-template/target"));
        Path fixedPart = fixedPart(Path.of("runner-template/target"));
        var launches = new EnumMap<Variant, List<Launch>>(Variant.class);
        var trivial = new ArrayList<Double>();
        Path work = Files.createTempDirectory("hive-runner-bench-");
        try (var rack = VirtualRack.start(RACK)) {
            Path archive = work.resolve("runner.jsa");
            long dumpMillis = dumpArchive(rack, example, archive, work.resolve("training"));
            int rounds = quick ? 3 : 10;
            // Side by side: each round starts every variant once, so load on the machine hits them alike.
            for (int i = 0; i < rounds; i++) {
                for (Variant variant : Variant.values()) {
                    if (quick && variant == Variant.OPTIONS) {
                        continue; // a comparison row only: --quick stays as long as it was with the new variant
                    }
                    List<String> options =
                            switch (variant) {
                                case PLAIN -> List.of();
                                case OPTIONS, PRE_STARTED -> RUNNER_OPTIONS;
                                case ARCHIVE -> withArchive(archive);
                            };
                    Path dir = work.resolve("example-" + variant + "-" + i);
                    launches.computeIfAbsent(variant, v -> new ArrayList<>())
                            .add(launch(analysedRun(
                                    rack, example, options, variant == Variant.PRE_STARTED ? fixedPart : null, dir)));
                }
            }
            for (int i = 0; i < (quick ? 1 : 3); i++) {
                trivial.add(trivialTestMillis(
                        analysedRun(rack, template, withArchive(null), work.resolve("template-" + i))));
            }
            report.add(
                    "runner: class-data archive of the example runner (a training run of its suite against a closed probe)",
                    "%.1f MB, made in %d ms".formatted(Files.size(archive) / 1e6, dumpMillis),
                    "(comparison)");
        } finally {
            delete(work);
        }
        double plain = startupMedian(launches.get(Variant.PLAIN));
        double archived = startupMedian(launches.get(Variant.ARCHIVE));
        double preStarted = startupMedian(launches.get(Variant.PRE_STARTED));
        int n = launches.get(Variant.PLAIN).size();
        report.add(
                "runner: JVM start to first testStarted, plain java -jar (as before), median of " + n,
                "%.0f ms (max %.0f)".formatted(plain, startupMax(launches.get(Variant.PLAIN))),
                "(comparison)");
        if (launches.containsKey(Variant.OPTIONS)) {
            double options = startupMedian(launches.get(Variant.OPTIONS));
            report.add(
                    "runner: the same with the runner's JVM options " + String.join(" ", RUNNER_OPTIONS),
                    "%.0f ms (max %.0f); plain / this %.2fx"
                            .formatted(options, startupMax(launches.get(Variant.OPTIONS)), plain / options),
                    "(comparison)");
        }
        report.add(
                "runner: the same with the options and the JAR's class-data archive (a cold start by the monitor)",
                "%.0f ms (max %.0f); plain / this %.2fx"
                        .formatted(archived, startupMax(launches.get(Variant.ARCHIVE)), plain / archived),
                "(comparison)");
        report.add(
                "runner: pre-started from the fixed part, handover to first testStarted (as the monitor runs a run)",
                "%.0f ms (max %.0f); cold with archive / this %.2fx"
                        .formatted(preStarted, startupMax(launches.get(Variant.PRE_STARTED)), archived / preStarted),
                Report.target("issue 17", "< 400 ms", preStarted < 400));
        report.add(
                "runner: overhead per test, example suite (tests 2-"
                        + launches.get(Variant.PLAIN).get(0).tests() + ", 1 x 1): plain / as the monitor starts it",
                "%.1f ms / %.1f ms"
                        .formatted(
                                overheadMedian(launches.get(Variant.PLAIN)),
                                overheadMedian(launches.get(Variant.ARCHIVE))),
                "< 20 ms");
        report.add(
                "runner: a trivial test, start to next start (template sample, 40 repetitions)",
                "%.1f ms".formatted(Report.median(trivial)),
                "< 20 ms");
        report.add(
                "runner JAR: rsp-probe + its hive suite + runner",
                "%.1f MB (template runner with samples: %.1f MB)"
                        .formatted(Files.size(example) / 1e6, Files.size(template) / 1e6),
                "< 10 MB");
    }

    private static List<String> withArchive(Path archive) {
        var options = new ArrayList<>(RUNNER_OPTIONS);
        if (archive != null) {
            options.addAll(List.of("-XX:+VerifySharedSpaces", "-XX:SharedArchiveFile=" + archive));
        }
        return options;
    }

    private static double startupMedian(List<Launch> launches) {
        return Report.median(
                launches.stream().map(l -> (double) l.startupMillis()).toList());
    }

    private static double startupMax(List<Launch> launches) {
        return launches.stream().mapToDouble(Launch::startupMillis).max().orElse(0);
    }

    private static double overheadMedian(List<Launch> launches) {
        return Report.median(launches.stream().map(Launch::overheadPerTest).toList());
    }

    /**
     * The monitor's training run ({@code dev.hive.monitor.runnerjvm.TrainingMonitor}, without the sandbox): a run
     * of the runner with {@code -XX:ArchiveClassesAtExit} on the rack's first channel, whose probe is a socket that
     * closes every session at once, so the runner starts, is welcomed, plans, discovers and runs its suite once, each
     * test failing as soon as it reaches for the probe; returns how long it took.
     */
    static long dumpArchive(VirtualRack rack, Path jar, Path archive, Path dir) throws Exception {
        return dumpArchive(rack, jar, archive, dir, true);
    }

    /**
     * The same; with {@code runSuite} false, as the monitor trained until 2026-12-07: a rack without channels, so the
     * runner ends after its discovery, without a test.
     */
    static long dumpArchive(VirtualRack rack, Path jar, Path archive, Path dir, boolean runSuite) throws Exception {
        long start = System.nanoTime();
        train(rack, jar, dir, runSuite, List.of("-XX:+VerifySharedSpaces", "-XX:ArchiveClassesAtExit=" + archive));
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training run of " + jar + " made no archive");
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * A static archive of the JDK's and the runner's classes: the training run (the suite against a closed probe)
     * lists the classes it loads ({@code -XX:DumpLoadedClassList}), then {@code java -Xshare:dump} archives them
     * with the JDK's lambda-form holders regenerated from that list; returns how long both took.
     */
    static long dumpStaticArchive(VirtualRack rack, Path jar, Path archive, Path dir) throws Exception {
        long start = System.nanoTime();
        Path classList = dir.resolve("classes.lst");
        train(rack, jar, dir, true, List.of("-XX:DumpLoadedClassList=" + classList));
        var command = new ArrayList<String>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + archive,
                "-cp",
                jar.toString()));
        Process dump = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dump.txt").toFile())
                .start();
        if (dump.waitFor() != 0 || !Files.isRegularFile(archive)) {
            throw new IllegalStateException("the static dump of " + jar + " failed (exit " + dump.exitValue() + "): "
                    + Files.readString(dir.resolve("dump.txt")));
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The training run itself, with {@code dumpOptions} added to the runner's options. */
    private static void train(VirtualRack rack, Path jar, Path dir, boolean runSuite, List<String> dumpOptions)
            throws Exception {
        Files.createDirectories(dir);
        var monitor = new TestMonitor(dir);
        monitor.runnerJar = jar;
        Path probeSocket = dir.resolve("probe.sock");
        RackDescription described = rack.description();
        ChannelDescription first = described.channels().get(0);
        ProbeDescription probe =
                new ProbeDescription("VIRTUAL_GDB", "training probe", 0, 0, "training", "unix:" + probeSocket);
        monitor.rack = new RackDescription(
                described.name(),
                described.capabilities(),
                runSuite ? List.of(new ChannelDescription(first.index(), probe, null)) : List.of(),
                described.stacks());
        monitor.backend = rack.backend;
        monitor.options = new RunOptions(null, null, 2_000, 60_000);
        var options = new ArrayList<>(RUNNER_OPTIONS);
        options.addAll(dumpOptions);
        monitor.jvmOptions = options;
        RunRecord run;
        try (var probeServer = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            probeServer.bind(UnixDomainSocketAddress.of(probeSocket));
            Thread closer = new Thread(
                    () -> {
                        try {
                            while (true) {
                                probeServer.accept().close();
                            }
                        } catch (IOException e) {
                            // closed: the training is over
                        }
                    },
                    "bench-training-probe");
            closer.setDaemon(true);
            closer.start();
            run = monitor.run(Duration.ofMinutes(2));
        }
        if (run.exitCode() != 0) {
            throw new IllegalStateException(
                    "the training run of " + jar + " failed (exit " + run.exitCode() + "): " + run.stderr());
        }
    }

    /** Runs a runner JAR once on the rack; a run that did not complete normally ends the benchmark. */
    static RunRecord analysedRun(VirtualRack rack, Path jar, List<String> jvmOptions, Path dir) throws Exception {
        return analysedRun(rack, jar, jvmOptions, null, dir);
    }

    /** As above; with {@code fixedPart} the runner is pre-started from it and handed the JAR once ready. */
    static RunRecord analysedRun(VirtualRack rack, Path jar, List<String> jvmOptions, Path fixedPart, Path dir)
            throws Exception {
        return measuredRun(rack, jar, jvmOptions, fixedPart, dir).run();
    }

    /** A run, and a pre-started runner's CPU at its handover (ms; -1 for a cold start). */
    record Measured(RunRecord run, long handoverCpuMillis) {}

    static Measured measuredRun(VirtualRack rack, Path jar, List<String> jvmOptions, Path fixedPart, Path dir)
            throws Exception {
        Files.createDirectories(dir);
        var monitor = new TestMonitor(dir);
        monitor.runnerJar = jar;
        monitor.jvmOptions = jvmOptions;
        monitor.preStartedFixedPart = fixedPart;
        monitor.rack = rack.description();
        monitor.backend = rack.backend;
        RunRecord run = monitor.run(Duration.ofMinutes(2));
        if (run.exitCode() != 0 || run.finished().isEmpty() || run.results().isEmpty()) {
            throw new IllegalStateException("the runner " + jar + " did not complete a run (exit code " + run.exitCode()
                    + "): " + run.stderr());
        }
        return new Measured(run, monitor.handoverCpuMillis);
    }

    /**
     * Startup, and the overhead per test on the one cell. For each test but the last: the time from its {@code
     * testStarted} to the next test's (monitor clock) minus its own duration (runner clock, whole milliseconds,
     * truncated, which overstates the overhead by half a millisecond on average). The first test is left out: its
     * {@code testStarted} reaches the monitor late, after the first use of the IPC codec, which would make its gap
     * to the second test look shorter than its own duration.
     */
    private static Launch launch(RunRecord run) {
        for (TestResult result : run.results()) {
            if (result.status() != TestStatus.PASSED) {
                throw new IllegalStateException("the example suite did not pass on the bench rack: "
                        + result.className() + "." + result.methodName() + " " + RunRecord.outcome(result));
            }
        }
        var starts = new ArrayList<Long>();
        var durations = new ArrayList<Long>();
        for (int i = 0; i < run.messages().size(); i++) {
            IpcMessage message = run.messages().get(i);
            if (message instanceof TestStarted) {
                starts.add(run.receivedNanos().get(i));
            } else if (message instanceof TestFinished finished) {
                durations.add(finished.result().durationMillis());
            }
        }
        if (starts.size() < 3 || starts.size() != durations.size()) {
            throw new IllegalStateException(starts.size() + " tests started and " + durations.size()
                    + " finished; expected the same, 3 or more");
        }
        var overheads = new ArrayList<Double>();
        for (int k = 0; k + 1 < starts.size(); k++) {
            overheads.add((starts.get(k + 1) - starts.get(k)) / 1e6 - durations.get(k));
        }
        double steady = overheads.subList(1, overheads.size()).stream()
                .mapToDouble(d -> d)
                .average()
                .orElseThrow();
        return new Launch(run.firstTestStartedMillis(), steady, starts.size());
    }

    /** Mean time from one {@code testStarted} of the trivial repeated test to the next, on the monitor's clock. */
    private static double trivialTestMillis(RunRecord run) {
        var starts = new ArrayList<Long>();
        for (int i = 0; i < run.messages().size(); i++) {
            if (run.messages().get(i) instanceof TestStarted started
                    && started.testId().contains(TRIVIAL_TEST)) {
                starts.add(run.receivedNanos().get(i));
            }
        }
        if (starts.size() < 2) {
            throw new IllegalStateException("the template runner ran " + starts.size() + " repetitions of "
                    + TRIVIAL_TEST + "; is it the template's sample runner?");
        }
        return (starts.get(starts.size() - 1) - starts.get(0)) / 1e6 / (starts.size() - 1);
    }

    /** The runner's fixed part: {@code -Dhive.bench.fixedPart}, else the one {@code *-fixed.jar} in {@code target}. */
    static Path fixedPart(Path target) throws IOException {
        String given = System.getProperty("hive.bench.fixedPart");
        if (given != null) {
            return Path.of(given);
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-fixed.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-fixed.jar in " + target.toAbsolutePath()
                            + "; build the runner template first (bench/run does)"))
                    .toAbsolutePath();
        }
    }

    /** The shaded runner JAR: the system property's path, else the one {@code *-runner.jar} in {@code target}. */
    static Path runnerJar(String property, Path target) throws IOException {
        String given = System.getProperty(property);
        if (given != null) {
            return Path.of(given);
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(target)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no runner JAR in " + target.toAbsolutePath() + "; build it first (bench/run does)", e);
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("expected one *-runner.jar in " + target.toAbsolutePath() + ", found "
                    + jars + "; build it first (bench/run does), or set -D" + property);
        }
        return jars.get(0);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
