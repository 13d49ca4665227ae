package dev.hive.bench;

import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.TestFinished;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.runner.it.RunRecord;
import dev.hive.runner.it.TestMonitor;
import dev.hive.runner.it.VirtualRack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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

    void run() throws Exception {
        Path example = runnerJar("hive.bench.exampleRunner", Path.of("examples/rsp-probe-runner/target"));
        Path template = runnerJar("hive.bench.templateRunner", Path.of("runner-template/target"));
        var launches = new ArrayList<Launch>();
        var trivial = new ArrayList<Double>();
        Path work = Files.createTempDirectory("hive-runner-bench-");
        try (var rack = VirtualRack.start(RACK)) {
            int rounds = quick ? 3 : 10;
            for (int i = 0; i < rounds; i++) {
                launches.add(launch(analysedRun(rack, example, work.resolve("example-" + i))));
            }
            for (int i = 0; i < (quick ? 1 : 3); i++) {
                trivial.add(trivialTestMillis(analysedRun(rack, template, work.resolve("template-" + i))));
            }
        } finally {
            delete(work);
        }
        List<Double> startup =
                launches.stream().map(l -> (double) l.startupMillis()).toList();
        report.add(
                "runner: JVM start to first testStarted, median of " + launches.size(),
                "%.0f ms (max %.0f)"
                        .formatted(
                                Report.median(startup),
                                startup.stream().mapToDouble(d -> d).max().orElse(0)),
                "< 1500 ms");
        report.add(
                "runner: overhead per test, example suite (tests 2-"
                        + launches.get(0).tests() + ", 1 x 1)",
                "%.1f ms"
                        .formatted(Report.median(
                                launches.stream().map(Launch::overheadPerTest).toList())),
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

    /** Runs a runner JAR once on the rack; a run that did not complete normally ends the benchmark. */
    private static RunRecord analysedRun(VirtualRack rack, Path jar, Path dir) throws Exception {
        Files.createDirectories(dir);
        var monitor = new TestMonitor(dir);
        monitor.runnerJar = jar;
        monitor.rack = rack.description();
        monitor.backend = rack.backend;
        RunRecord run = monitor.run(Duration.ofMinutes(2));
        if (run.exitCode() != 0 || run.finished().isEmpty() || run.results().isEmpty()) {
            throw new IllegalStateException("the runner " + jar + " did not complete a run (exit code " + run.exitCode()
                    + "): " + run.stderr());
        }
        return run;
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

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
