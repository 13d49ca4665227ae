package dev.hive.monitor.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.ipc.RunnerLink;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.log.LogSource;
import dev.hive.monitor.sandbox.Sandbox;
import dev.hive.monitor.sandbox.SandboxMode;
import dev.hive.monitor.sandbox.SandboxSpec;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.virtual.FlashedVirtualRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task runner on a real virtual rack (2 channels, 3 QEMU targets), a real SQLite database and the real
 * runner JAR; the faults are small programs put in the runner's place through the {@link RunnerLauncher}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskRunnerTest {

    static final String RACK_FILE =
            """
            name: task-runner
            backend: virtual
            channels: 2
            stacks:
              - name: stack-a
                targets: [stm32vldiscovery, netduinoplus2]
              - name: stack-b
                targets: [lm3s6965evb]
            """;

    static final String REAL = "real";
    static final String FAULT = "fault";

    Path classDir;

    @TempDir
    Path dir;

    FlashedVirtualRack flashed;
    Path runnerJar;
    Set<Long> baselineProcesses;

    Database db;
    RunRepository runs;
    ResultRepository results;
    LogRepository logs;
    RunQueue queue;
    Recorder recorder;
    Map<Long, List<String>> commands;
    TaskRunner taskRunner;

    @BeforeAll
    void startRack() throws Exception {
        runnerJar = Stream.of(
                        System.getProperty("hive.runner.jar"),
                        "/work/main/runner-template/target/hive-runner-0.1.0-SNAPSHOT-runner.jar",
                        "../runner-template/target/hive-runner-0.1.0-SNAPSHOT-runner.jar",
                        System.getProperty("user.home")
                                + "/.m2/repository/dev/hive/hive-runner/0.1.0-SNAPSHOT/hive-runner-0.1.0-SNAPSHOT-runner.jar")
                .filter(p -> p != null && !p.isBlank())
                .map(Path::of)
                .filter(Files::isRegularFile)
                .findFirst()
                .orElse(null);
        assertThat(runnerJar)
                .as("the runner JAR (runner-template is built before the monitor)")
                .isNotNull();
        classDir = Files.createTempDirectory("hive-task-runner-test");
        flashed =
                FlashedVirtualRack.start(RACK_FILE, "task-runner", Files.createDirectories(classDir.resolve("build")));
        baselineProcesses = nonQemuDescendants();
    }

    @AfterAll
    void stopRack() {
        if (flashed != null) {
            flashed.close();
        }
        if (classDir != null) {
            try (Stream<Path> paths = Files.walk(classDir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                // best effort
            }
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open(dir.resolve("data/hive.db"), Clock.systemUTC());
        runs = new RunRepository(db, Clock.systemUTC());
        results = new ResultRepository(db);
        logs = new LogRepository(db);
        queue = new RunQueue(10, Duration.ofSeconds(5));
        recorder = new Recorder();
        commands = new ConcurrentHashMap<>();
        Path jars = Files.createDirectories(dir.resolve("jars"));
        Files.copy(runnerJar, jars.resolve(REAL + ".jar"));
        Files.writeString(jars.resolve(FAULT + ".jar"), "not really a jar");
        var settings = new TaskRunner.Settings(
                dir.resolve("data"),
                Duration.ofSeconds(60),
                Duration.ofSeconds(20),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                new RunnerLink.Limits(200_000, 20_000, Duration.ofSeconds(8), 16),
                200,
                100_000);
        RunnerLauncher real = RunnerLauncher.javaJar();
        taskRunner = new TaskRunner(
                queue,
                runs,
                results,
                logs,
                flashed.rack(),
                flashed::build,
                Sandbox.resolve(SandboxMode.NONE),
                TaskRunner.jarsIn(jars),
                (jar, socket, runId) -> commands.containsKey(runId)
                        ? commands.get(runId).stream()
                                .map(a -> a.equals("SOCKET") ? socket.toString() : a)
                                .toList()
                        : real.command(jar, socket, runId),
                recorder,
                TargetGate.OPEN,
                settings);
        taskRunner.start();
    }

    @AfterEach
    void tearDown() {
        taskRunner.close();
        db.close();
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    @Timeout(120)
    void aCompleteRunIsStoredCountedAndObserved() throws Exception {
        long id = submit(REAL, "{}");
        Ended end = recorder.ended(id).get(90, TimeUnit.SECONDS);
        // The end is told before the targets are reflashed; work on the rack then waits for that reflash instead
        // of being refused (the run has ended), and runs when no run holds the rack.
        assertThat(taskRunner.whileIdle(() -> taskRunner.currentRun())).isEmpty();

        assertThat(end.state()).as("error: %s", end.error()).isEqualTo(RunState.FINISHED);
        Run run = runs.find(id).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.FINISHED);
        assertThat(run.startedAt()).isPresent();
        assertThat(run.finishedAt()).isPresent();
        assertThat(run.errorMessage()).isEmpty();

        List<TestResult> stored = results.listByRun(id);
        assertThat(stored).isNotEmpty();
        Run.Summary s = run.summary();
        assertThat(s).isEqualTo(end.summary());
        assertThat(s.passed() + s.failed() + s.skipped() + s.errors()).isEqualTo(stored.size());
        assertThat(stored.stream().filter(r -> r.status() == TestStatus.PASSED)).hasSize(s.passed());
        assertThat(stored.stream().map(r -> r.target().orElseThrow()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("stm32vldiscovery", "netduinoplus2", "lm3s6965evb");

        assertThat(recorder.phases(id))
                .containsExactly(
                        RunPhase.PREPARING,
                        RunPhase.FLASHING,
                        RunPhase.RUNNING,
                        RunPhase.COLLECTING,
                        RunPhase.RESTORING);
        assertThat(recorder.finishedTests(id)).hasSize(stored.size());
        assertThat(recorder.startedTests(id)).isNotEmpty();
        assertThat(dir.resolve("data/runs/" + id)).doesNotExist();
        assertNoRunnerLeft();

        // The flash policy: the targets were restored after the run, so the next run does not flash first.
        long next = submit(REAL, "{}");
        assertThat(recorder.ended(next).get(90, TimeUnit.SECONDS).state()).isEqualTo(RunState.FINISHED);
        assertThat(recorder.phases(next))
                .containsExactly(RunPhase.PREPARING, RunPhase.RUNNING, RunPhase.COLLECTING, RunPhase.RESTORING);
    }

    @Test
    @Timeout(180)
    void faultsEndAsInfrastructureErrorsAndTheNextRunCompletes() throws Exception {
        Path garbage = dir.resolve("Garbage.java");
        Files.writeString(
                garbage,
                """
                import java.net.UnixDomainSocketAddress;
                import java.nio.ByteBuffer;
                import java.nio.channels.SocketChannel;
                import java.nio.charset.StandardCharsets;

                public class Garbage {
                    public static void main(String[] args) throws Exception {
                        System.out.println("garbage runner connecting to " + args[0]);
                        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(args[0]))) {
                            ch.write(ByteBuffer.wrap("this is not an IPC message\\n{\\"type\\":42}\\n"
                                    .getBytes(StandardCharsets.UTF_8)));
                            Thread.sleep(600_000);
                        }
                    }
                }
                """);
        String java = SandboxSpec.javaHome().resolve("bin/java").toString();

        long exitsAtOnce =
                submit(FAULT, "{}", List.of("/bin/sh", "-c", "echo runner starting; echo it broke >&2; exit 1"));
        long after1 = submit(REAL, "{}");
        long neverConnects = submit(FAULT, "{}", List.of("/bin/sh", "-c", "echo waiting forever; exec sleep 600"));
        long after2 = submit(REAL, "{}");
        long floods = submit(
                FAULT,
                "{}",
                List.of("/bin/sh", "-c", "yes 'flood flood flood' | head -c 100000000; echo flood-done; exit 3"));
        long after3 = submit(REAL, "{}");
        long sendsGarbage = submit(FAULT, "{}", List.of(java, garbage.toString(), "SOCKET"));
        long after4 = submit(REAL, "{}");
        long hangs =
                submit(FAULT, "{\"runTimeoutMillis\": 1500}", List.of("/bin/sh", "-c", "echo hanging; exec sleep 600"));
        long next = submit(REAL, "{}");

        Ended e1 = recorder.ended(exitsAtOnce).get(60, TimeUnit.SECONDS);
        assertFailed(exitsAtOnce, e1, "exited with code 1", "runner starting", "it broke");
        assertFinished(after1);

        Ended e2 = recorder.ended(neverConnects).get(60, TimeUnit.SECONDS);
        assertFailed(neverConnects, e2, "NO_RUNNER", "waiting forever");
        assertFinished(after2);

        Ended e3 = recorder.ended(floods).get(60, TimeUnit.SECONDS);
        assertFailed(floods, e3, "exited with code 3", "flood flood", "dropped", "flood-done");
        assertFinished(after3);

        Ended e4 = recorder.ended(sendsGarbage).get(60, TimeUnit.SECONDS);
        assertFailed(sendsGarbage, e4, "PROTOCOL", "garbage runner connecting");
        assertFinished(after4);

        Ended e5 = recorder.ended(hangs).get(60, TimeUnit.SECONDS);
        assertFailed(hangs, e5, "wall-clock limit of 1500 ms", "hanging");

        Ended ok = recorder.ended(next).get(90, TimeUnit.SECONDS);
        assertThat(ok.state()).as("error: %s", ok.error()).isEqualTo(RunState.FINISHED);
        assertThat(results.listByRun(next)).isNotEmpty();
        assertNoRunnerLeft();
        // the runner's output went to the log table, bounded
        assertThat(logs.newest(LogSource.RUNNER, 100_000, Optional.empty()))
                .anyMatch(l -> l.runId().equals(Optional.of(exitsAtOnce))
                        && l.message().equals("it broke"))
                .filteredOn(l -> l.runId().equals(Optional.of(floods)))
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(2 * 200 + 2);
    }

    @Test
    @Timeout(150)
    void aQemuTargetKilledDuringARunMakesItsTestsErrorsAndTheRunStillFinishes() throws Exception {
        SlotAddress victim = new SlotAddress(1, 0); // lm3s6965evb, alone in its stack
        recorder.onFirstStart = started -> {
            if (started.cell().stack() == victim.stack() && started.cell().slot() == victim.slot()) {
                flashed.rack().processId(victim).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
                return true;
            }
            return false;
        };
        long id = submit(REAL, "{}");
        Ended end = recorder.ended(id).get(120, TimeUnit.SECONDS);
        assertThat(end.state()).as("error: %s", end.error()).isEqualTo(RunState.FINISHED);
        assertThat(recorder.onFirstStart).as("the QEMU target was killed").isNull();

        // RESTORING reflashed the target; the next run finds it working
        long next = submit(REAL, "{}");
        Ended ok = recorder.ended(next).get(90, TimeUnit.SECONDS);
        assertThat(ok.state()).isEqualTo(RunState.FINISHED);

        // the sample suite has ERROR results of its own: compare the victim with the same run undisturbed
        // the test running when the target died is ERROR, the target's remaining tests are SKIPPED ("target
        // lost"); a test is a few ms long, so which one the kill hits depends on timing
        List<TestResult> onVictim = results.listByRun(id).stream()
                .filter(r -> r.target().orElseThrow().equals("lm3s6965evb"))
                .toList();
        assertThat(onVictim)
                .filteredOn(r -> r.message().orElse("").contains("QEMU exited"))
                .isNotEmpty()
                .allMatch(r -> r.status() == TestStatus.ERROR || r.status() == TestStatus.SKIPPED);
        assertThat(onVictim.stream().filter(r -> r.status() == TestStatus.ERROR).count()
                        + onVictim.stream()
                                .filter(r -> r.status() == TestStatus.SKIPPED)
                                .count())
                .isGreaterThan(errorsOn(next, "lm3s6965evb") + skippedOn(next, "lm3s6965evb"));
        assertThat(results.listByRun(next))
                .filteredOn(r -> r.target().orElseThrow().equals("lm3s6965evb"))
                .noneMatch(r -> r.message().orElse("").contains("lost"));
        assertThat(errorsOn(id, "stm32vldiscovery")).isEqualTo(errorsOn(next, "stm32vldiscovery"));
        assertThat(errorsOn(id, "netduinoplus2")).isEqualTo(errorsOn(next, "netduinoplus2"));
        assertThat(results.listByRun(id)).hasSameSizeAs(results.listByRun(next));
        assertNoRunnerLeft();
    }

    @Test
    @Timeout(120)
    void cancelWhileQueuedAndWhileRunning() throws Exception {
        long running = submit(FAULT, "{}", List.of("/bin/sh", "-c", "echo busy; exec sleep 600"));
        long queued = submit(REAL, "{}");
        long realRunning = submit(REAL, "{}");

        recorder.phaseReached(running, RunPhase.RUNNING).get(30, TimeUnit.SECONDS);
        assertThat(taskRunner.cancel(queued)).isTrue();
        Ended q = recorder.ended(queued).get(5, TimeUnit.SECONDS);
        assertThat(q.state()).isEqualTo(RunState.CANCELLED);
        assertThat(runs.find(queued).orElseThrow().state()).isEqualTo(RunState.CANCELLED);
        assertThat(recorder.phases(queued)).isEmpty();
        assertThat(queue.position(queued)).isZero();

        // the sleeping runner does not speak IPC: it is killed after the cancel grace period
        assertThat(taskRunner.cancel(running)).isTrue();
        Ended r = recorder.ended(running).get(30, TimeUnit.SECONDS);
        assertThat(r.state()).isEqualTo(RunState.CANCELLED);
        assertThat(runs.find(running).orElseThrow().state()).isEqualTo(RunState.CANCELLED);
        assertThat(taskRunner.cancel(running)).isFalse();

        // the real runner hears the cancel over IPC and stops, keeping what it reported
        recorder.firstFinished(realRunning).get(90, TimeUnit.SECONDS);
        assertThat(taskRunner.cancel(realRunning)).isTrue();
        Ended rr = recorder.ended(realRunning).get(60, TimeUnit.SECONDS);
        assertThat(rr.state()).isEqualTo(RunState.CANCELLED);
        assertThat(results.listByRun(realRunning)).isNotEmpty();
        assertNoRunnerLeft();
    }

    /**
     * Work that holds the rack (a reinitialisation) makes a run queued meanwhile wait until it is done; while a
     * run uses the rack, such work is refused at once, naming the run.
     */
    @Test
    @Timeout(120)
    void aRunQueuedWhileTheRackIsHeldWaitsAndHeldWorkIsRefusedDuringARun() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Long> waiting = new CompletableFuture<>();
        Thread holder = new Thread(() -> taskRunner.whileIdle(() -> {
            long id = submit(FAULT, "{}", List.of("/bin/sh", "-c", "echo busy; exec sleep 600"));
            waiting.complete(id);
            return release.join();
        }));
        holder.start();
        long id = waiting.get(10, TimeUnit.SECONDS);
        // the task runner takes the run from the queue, then waits for the rack: no phase, still queued
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.position(id) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(queue.position(id)).as("taken from the queue").isZero();
        Thread.sleep(500);
        assertThat(recorder.phases(id)).isEmpty();
        assertThat(runs.find(id).orElseThrow().state()).isEqualTo(RunState.QUEUED);
        release.complete(null);
        holder.join(10_000);

        recorder.phaseReached(id, RunPhase.RUNNING).get(60, TimeUnit.SECONDS);
        assertThatThrownBy(() -> taskRunner.whileIdle(() -> "never"))
                .isInstanceOf(RackInUseException.class)
                .hasMessage("run " + id + " is using the rack; try again when it has ended");
        assertThat(taskRunner.cancel(id)).isTrue();
        assertThat(recorder.ended(id).get(30, TimeUnit.SECONDS).state()).isEqualTo(RunState.CANCELLED);
        // the end is told before the task runner lets go of the rack: a moment later, the rack is free
        long freeBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String answer = null;
        while (answer == null) {
            try {
                answer = taskRunner.whileIdle(() -> "done");
            } catch (RackInUseException e) {
                if (System.nanoTime() > freeBy) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
        assertThat(answer).isEqualTo("done");
    }

    // ---------------------------------------------------------------------------------------------------------

    private long submit(String jar, String options) {
        return submit(jar, options, null);
    }

    private long submit(String jar, String options, List<String> command) {
        Run run = runs.createQueued(options, jar, Optional.empty());
        if (command != null) {
            commands.put(run.id(), command);
        }
        queue.enqueue(run.id());
        return run.id();
    }

    private long errorsOn(long runId, String target) {
        return results.listByRun(runId).stream()
                .filter(r -> r.target().orElseThrow().equals(target))
                .filter(r -> r.status() == TestStatus.ERROR)
                .count();
    }

    private void assertFinished(long id) throws Exception {
        Ended end = recorder.ended(id).get(90, TimeUnit.SECONDS);
        assertThat(end.state()).as("run %d: %s", id, end.error()).isEqualTo(RunState.FINISHED);
        assertThat(results.listByRun(id)).isNotEmpty();
    }

    private long skippedOn(long runId, String target) {
        return results.listByRun(runId).stream()
                .filter(r -> r.target().orElseThrow().equals(target))
                .filter(r -> r.status() == TestStatus.SKIPPED)
                .count();
    }

    private void assertFailed(long id, Ended end, String... contains) {
        assertThat(end.state()).as("run %d: %s", id, end.error()).isEqualTo(RunState.FAILED);
        Run run = runs.find(id).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.errorMessage()).isPresent();
        assertThat(run.errorMessage().get())
                .contains(contains)
                .contains("stdout:")
                .contains("stderr:");
        assertThat(end.error()).contains(run.errorMessage().get());
    }

    private void assertNoRunnerLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Set<Long> left = Set.of();
        while (System.nanoTime() < deadline) {
            left = nonQemuDescendants();
            left.removeAll(baselineProcesses);
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        List<String> what = new ArrayList<>();
        for (long pid : left) {
            ProcessHandle.of(pid)
                    .ifPresent(h -> what.add(pid + " " + h.info().commandLine().orElse("?")));
        }
        assertThat(what).as("processes left behind").isEmpty();
    }

    private static Set<Long> nonQemuDescendants() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(h -> !h.info().command().orElse("").contains("qemu"))
                .map(ProcessHandle::pid)
                .collect(Collectors.toCollection(ConcurrentHashMap::newKeySet));
    }

    record Ended(RunState state, Run.Summary summary, String error) {}

    /** Records what the observer hears. */
    static final class Recorder implements RunObserver {
        final Map<Long, List<RunPhase>> phases = new ConcurrentHashMap<>();
        final Map<Long, List<TestStarted>> started = new ConcurrentHashMap<>();
        final Map<Long, List<dev.hive.protocol.run.TestResult>> finished = new ConcurrentHashMap<>();
        final Map<Long, CompletableFuture<Ended>> ended = new ConcurrentHashMap<>();
        final Map<Long, CompletableFuture<Void>> firstFinished = new ConcurrentHashMap<>();
        final Map<String, CompletableFuture<Void>> phaseReached = new ConcurrentHashMap<>();
        volatile java.util.function.Predicate<TestStarted> onFirstStart;

        List<RunPhase> phases(long id) {
            return List.copyOf(phases.getOrDefault(id, List.of()));
        }

        List<TestStarted> startedTests(long id) {
            return List.copyOf(started.getOrDefault(id, List.of()));
        }

        List<dev.hive.protocol.run.TestResult> finishedTests(long id) {
            return List.copyOf(finished.getOrDefault(id, List.of()));
        }

        CompletableFuture<Ended> ended(long id) {
            return ended.computeIfAbsent(id, k -> new CompletableFuture<>());
        }

        CompletableFuture<Void> firstFinished(long id) {
            return firstFinished.computeIfAbsent(id, k -> new CompletableFuture<>());
        }

        CompletableFuture<Void> phaseReached(long id, RunPhase phase) {
            return phaseReached.computeIfAbsent(id + "/" + phase, k -> new CompletableFuture<>());
        }

        @Override
        public void phase(long runId, RunPhase phase) {
            phases.computeIfAbsent(runId, k -> new CopyOnWriteArrayList<>()).add(phase);
            phaseReached(runId, phase).complete(null);
        }

        @Override
        public void testStarted(long runId, TestStarted s) {
            started.computeIfAbsent(runId, k -> new CopyOnWriteArrayList<>()).add(s);
            var hook = onFirstStart;
            if (hook != null && hook.test(s)) {
                onFirstStart = null;
            }
        }

        @Override
        public void testFinished(long runId, dev.hive.protocol.run.TestResult result) {
            finished.computeIfAbsent(runId, k -> new CopyOnWriteArrayList<>()).add(result);
            firstFinished(runId).complete(null);
        }

        @Override
        public void finished(long runId, RunState state, Run.Summary summary, Optional<String> error) {
            ended(runId).complete(new Ended(state, summary, error.orElse("")));
        }
    }
}
