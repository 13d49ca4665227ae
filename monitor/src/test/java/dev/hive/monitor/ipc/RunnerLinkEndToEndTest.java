package dev.hive.monitor.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.virtual.FlashedVirtualRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real virtual rack and the real runner JAR, served by the link. */
class RunnerLinkEndToEndTest {

    static final String RACK_FILE =
            """
            name: ipc-e2e
            backend: virtual
            channels: 2
            stacks:
              - name: stack-a
                targets: [stm32vldiscovery, netduinoplus2]
              - name: stack-b
                targets: [lm3s6965evb]
            """;

    @TempDir
    Path dir;

    static Optional<Path> runnerJar() {
        return Stream.of(
                        System.getProperty("hive.runner.jar"),
                        System.getProperty("user.home")
                                + "/.m2/repository/dev/hive/hive-runner/0.1.0-SNAPSHOT/hive-runner-0.1.0-SNAPSHOT-runner.jar",
                        "../runner-template/target/hive-runner-0.1.0-SNAPSHOT-runner.jar")
                .filter(p -> p != null && !p.isBlank())
                .map(Path::of)
                .filter(Files::isRegularFile)
                .findFirst();
    }

    static boolean isOrDescends(long pid, ProcessHandle root) {
        if (root == null) {
            return false;
        }
        if (root.pid() == pid) {
            return true;
        }
        return root.descendants().anyMatch(p -> p.pid() == pid);
    }

    @Test
    @Timeout(120)
    void theRealRunnerCompletesARunOnAVirtualRack() throws Exception {
        Optional<Path> jar = runnerJar();
        assertThat(jar)
                .as("the runner JAR (runner-template is built before the monitor)")
                .isPresent();
        Files.createDirectories(dir.resolve("build"));
        try (var flashed = FlashedVirtualRack.start(RACK_FILE, "ipc-e2e", dir.resolve("build"))) {
            RackDescription rack = RackDescriptions.describe(flashed.rack(), flashed.build());
            assertThat(rack.capabilities()).contains(RackDescriptions.VIRTUAL);
            assertThat(rack.channels()).hasSize(2).allMatch(c -> c.probe() != null);
            assertThat(rack.stacks()).hasSize(2);
            var target = rack.stacks().get(0).slots().get(0).target();
            assertThat(target.name()).isEqualTo("stm32vldiscovery");
            assertThat(target.flashOk()).isTrue();
            assertThat(target.testprogram()).isNotNull();
            assertThat(target.testprogram().uid()).isEqualTo(flashed.build().uid());
            assertThat(target.testprogram().symbols()).isNotEmpty();

            var events = new RecordingEvents();
            var runner = new AtomicReference<ProcessHandle>();
            Path runDir = Files.createDirectories(dir.resolve("run"));
            long started = System.nanoTime();
            try (var link = RunnerLink.open(
                    runDir,
                    "run-e2e",
                    flashed.rack(),
                    rack,
                    new RunOptions(null, null, 10_000, 60_000),
                    pid -> isOrDescends(pid, runner.get()),
                    events,
                    RunnerLink.Limits.defaults())) {
                Process process = new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-jar",
                                jar.get().toString(),
                                link.socketPath().toString(),
                                "run-e2e")
                        .redirectOutput(runDir.resolve("stdout.txt").toFile())
                        .redirectError(runDir.resolve("stderr.txt").toFile())
                        .start();
                runner.set(process.toHandle());
                try {
                    Optional<RunnerFailure> outcome = link.done().get(90, TimeUnit.SECONDS);
                    assertThat(outcome)
                            .as("stderr: %s", Files.readString(runDir.resolve("stderr.txt")))
                            .isEmpty();
                    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
                    assertThat(process.exitValue()).isZero();
                } finally {
                    process.destroyForcibly();
                }
            }
            System.out.printf("end-to-end run took %d ms%n", (System.nanoTime() - started) / 1_000_000);

            Summary summary = events.finished.get();
            var results = events.events.stream()
                    .filter(TestResult.class::isInstance)
                    .map(TestResult.class::cast)
                    .toList();
            var startedTests = events.events.stream()
                    .filter(TestStarted.class::isInstance)
                    .map(TestStarted.class::cast)
                    .toList();
            assertThat(results).isNotEmpty();
            assertThat(summary.passed() + summary.failed() + summary.skipped() + summary.errors())
                    .isEqualTo(results.size());
            assertThat(results.stream().filter(r -> r.status() == TestStatus.PASSED))
                    .hasSize(summary.passed());
            // every target got the whole suite
            var perTarget =
                    results.stream().collect(Collectors.groupingBy(r -> r.cell().target(), Collectors.counting()));
            assertThat(perTarget.keySet())
                    .containsExactlyInAnyOrder("stm32vldiscovery", "netduinoplus2", "lm3s6965evb");
            assertThat(perTarget.values().stream().distinct()).hasSize(1);
            // every started test finished
            for (TestStarted start : startedTests) {
                assertThat(results)
                        .anyMatch(r ->
                                r.testId().equals(start.testId()) && r.cell().equals(start.cell()));
            }
            assertThat(runDir.resolve("ipc.sock")).doesNotExist();
            for (int channel = 0; channel < 2; channel++) {
                assertThat(flashed.rack().connection(channel)).isEmpty();
            }
        }
    }
}
