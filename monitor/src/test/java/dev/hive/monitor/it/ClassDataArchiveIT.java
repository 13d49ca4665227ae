package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.runnerjvm.ClassDataArchives;
import dev.hive.monitor.runnerjvm.RunnerJvm;
import dev.hive.monitor.sandbox.RunnerOutcome;
import dev.hive.monitor.sandbox.RunnerProcess;
import dev.hive.monitor.sandbox.Sandbox;
import dev.hive.monitor.sandbox.SandboxMode;
import dev.hive.monitor.sandbox.SandboxSpec;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.run.TestStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive of a runner JAR, as the monitor makes and uses it: made after the JAR's first run, in
 * the sandbox, mapped by the runner inside the sandbox, and never able to fail a run when it is broken or stale.
 * Every run is the example candidate's whole suite and must give the same results as the first, archive or not.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassDataArchiveIT {

    @TempDir
    static Path dir;

    static LiveMonitor live;

    /** status per test and cell of the first run, which had no archive */
    static Map<String, TestStatus> firstResults;

    @BeforeAll
    static void start() throws Exception {
        // the monitor's own launcher, with the archives; every run cold (a pre-started runner needs no archive)
        live = LiveMonitor.start(dir, "runner:\n  preStart: false\n", null);
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    @Order(1)
    void theFirstRunOfAJarRunsWithoutAnArchiveAndHasOneMadeForTheNext() throws Exception {
        firstResults = passingRun();
        Path jar = storedJar();

        Path archive = awaitArchive(jar, Duration.ofMinutes(3));

        assertThat(archive).isEqualTo(ClassDataArchives.archiveOf(jar));
        try (Stream<Path> files = Files.list(jar.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the training run's directory is gone")
                    .noneMatch(name -> name.startsWith(".cds-"));
        }
    }

    @Test
    @Order(2)
    void theArchiveIsMappedByTheRunnerInsideTheSandbox() throws Exception {
        Path jar = storedJar();
        Path archive = ClassDataArchives.usable(jar).orElseThrow();
        Path work = Files.createTempDirectory(dir, "list-");
        Path classes = work.resolve("classes.log");
        List<String> command = new ArrayList<>(RunnerJvm.command(jar, archive, List.of("--list")));
        command.add(1, "-Xlog:class+load=info:file=" + classes);
        SandboxSpec spec =
                SandboxSpec.builder(work).readOnly(jar).readOnly(archive).build();

        RunnerOutcome outcome = RunnerProcess.start(
                        Sandbox.resolve(SandboxMode.AUTO), spec, command, Duration.ofMinutes(2), Duration.ofSeconds(2))
                .awaitExit();

        assertThat(outcome.exitCode()).as(outcome.outputExcerpt(2000)).isZero();
        assertThat(Files.readString(classes))
                .as("the runner's and JUnit's classes come from the archive")
                .contains("dev.hive.runner.Main source: shared objects file (top)")
                .contains("org.junit.platform.launcher.core.LauncherFactory source: shared objects file (top)");
    }

    @Test
    @Order(3)
    void theSecondRunUsesTheArchiveAndGivesTheSameResults() throws Exception {
        assertThat(passingRun()).isEqualTo(firstResults);
    }

    @Test
    @Order(4)
    void anArchiveWithChangedBytesStillGivesTheSameResults() throws Exception {
        Path archive = ClassDataArchives.usable(storedJar()).orElseThrow();
        long size = Files.size(archive);
        try (FileChannel file = FileChannel.open(archive, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {-1, -1, -1, -1, 0, 0, 0, 0}), size / 2);
        }

        assertThat(passingRun()).isEqualTo(firstResults);
    }

    @Test
    @Order(5)
    void aTruncatedArchiveIsNotUsedAndTheRunPasses() throws Exception {
        Path jar = storedJar();
        Path archive = ClassDataArchives.archiveOf(jar);
        try (FileChannel file = FileChannel.open(archive, StandardOpenOption.WRITE)) {
            file.truncate(Files.size(archive) / 2); // mapped, this would stop the JVM with SIGBUS
        }

        assertThat(ClassDataArchives.usable(jar)).isEmpty();
        assertThat(passingRun()).isEqualTo(firstResults);
    }

    @Test
    @Order(6)
    void anArchiveOfAnotherVersionOfTheJarFileStillGivesTheSameResults() throws Exception {
        Path jar = storedJar();
        Optional<Path> remade = new ClassDataArchives(Sandbox.resolve(SandboxMode.AUTO)).make(jar);
        assertThat(remade).isPresent();
        // the JAR stored again (same content, new file): the archive names the old one
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));

        assertThat(passingRun()).isEqualTo(firstResults);
    }

    @Test
    @Order(7)
    void aTrainingRunThatFailsLeavesNoArchive() throws Exception {
        Path notARunner = dir.resolve("not-a-runner.jar");
        Files.writeString(notARunner, "not a JAR");

        assertThat(new ClassDataArchives(Sandbox.resolve(SandboxMode.AUTO)).make(notARunner))
                .isEmpty();
        assertThat(ClassDataArchives.usable(notARunner)).isEmpty();
        assertThat(ClassDataArchives.archiveOf(notARunner)).doesNotExist();
    }

    private static Map<String, TestStatus> passingRun() throws Exception {
        var stream = live.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(3));
        RunEnded ended = stream.awaitEnded(Duration.ZERO);
        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        Map<String, TestStatus> results = new TreeMap<>();
        for (TestFinished finished : stream.all(TestFinished.class)) {
            var r = finished.result();
            results.put(r.testId() + " @ " + r.cell().probe() + " / " + r.cell().target(), r.status());
        }
        assertThat(results).isNotEmpty();
        return results;
    }

    private static Path storedJar() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("data").resolve("runners"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow()
                    .toAbsolutePath();
        }
    }

    /** Waits for the monitor's background training run (a condition polled, not a fixed sleep). */
    private static Path awaitArchive(Path jar, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Path> archive = ClassDataArchives.usable(jar);
            if (archive.isPresent()) {
                return archive.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no class-data archive for " + jar + " within " + limit);
    }
}
