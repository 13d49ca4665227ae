package dev.hive.monitor.runnerjvm;

import dev.hive.monitor.sandbox.RunnerOutcome;
import dev.hive.monitor.sandbox.RunnerProcess;
import dev.hive.monitor.sandbox.Sandbox;
import dev.hive.monitor.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One class-data sharing archive per runner JAR, beside it: {@code <sha256>.jar.jsa}, and {@code
 * <sha256>.jar.jsa.size} holding its length in bytes, written last. A JDK 17 dynamic archive names the JAR by its
 * path (and checks its size and modification time), so runs must start the runner from the stored JAR itself.
 *
 * <p>The archive is made by a training run of that JAR ({@link TrainingMonitor}: a run of its suite on one channel
 * whose probe closes every session at once, which loads the runner, the IPC codec, JUnit's launcher, engine and
 * execution, the hive test classes and the candidate's code up to its first use of the probe: what a run loads
 * before its first test, and part of what its tests load) with {@code -XX:ArchiveClassesAtExit}, in the sandbox (the JAR is untrusted code), at the lowest CPU priority, on one
 * thread of its own, after the first run of the JAR asked for it: no run ever waits for it. Written to a
 * temporary directory and moved in place; only an archive whose length matches its {@code .size} file is used,
 * since the JVM stops with SIGBUS on a truncated archive (a changed byte is caught by the JVM's CRC check, a
 * replaced JAR by its path check: both fall back to running without the archive). A training run that fails is
 * not tried again while the monitor runs.
 */
public final class ClassDataArchives implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchives.class);
    private static final Path NICE = Path.of("/usr/bin/nice");
    private static final Duration TRAINING_LIMIT = Duration.ofMinutes(1);
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);

    private final Sandbox sandbox;
    private final ExecutorService trainer;
    private final Set<Path> asked = ConcurrentHashMap.newKeySet();

    public ClassDataArchives(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.trainer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "class-data-archives");
            t.setDaemon(true);
            return t;
        });
    }

    /** Where the archive of {@code jar} is (or would be). */
    public static Path archiveOf(Path jar) {
        return jar.resolveSibling(jar.getFileName() + ".jsa");
    }

    static Path sizeFileOf(Path jar) {
        return jar.resolveSibling(jar.getFileName() + ".jsa.size");
    }

    /** The archive of {@code jar} when it is complete (its length is the one recorded when it was made). */
    public static Optional<Path> usable(Path jar) {
        Path archive = archiveOf(jar);
        try {
            long recorded = Long.parseLong(
                    Files.readString(sizeFileOf(jar), StandardCharsets.US_ASCII).strip());
            return Files.size(archive) == recorded ? Optional.of(archive) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The archive of {@code jar} if it is usable; otherwise asks for it to be made (once per JAR, in the
     * background) and returns empty.
     */
    public Optional<Path> archiveFor(Path jar) {
        Optional<Path> archive = usable(jar);
        if (archive.isEmpty() && asked.add(jar)) {
            try {
                trainer.submit(() -> make(jar));
            } catch (RuntimeException e) {
                LOG.debug("no class-data archive for {}: {}", jar, e.toString());
            }
        }
        return archive;
    }

    /** Makes the archive of {@code jar} now, on the caller's thread; returns it, or empty when that failed. */
    public Optional<Path> make(Path jar) {
        long start = System.nanoTime();
        Path work = null;
        try {
            work = Files.createTempDirectory(jar.toAbsolutePath().getParent(), ".cds-");
            Path dumped = work.resolve("classes.jsa");
            RunnerOutcome outcome = train(jar, work, dumped);
            if (outcome.kind() != RunnerOutcome.Kind.EXITED
                    || outcome.exitCode() != 0
                    || !Files.isRegularFile(dumped)
                    || Files.size(dumped) == 0) {
                LOG.warn(
                        "no class-data archive for {}: the training run ended {} with exit code {}: {}",
                        jar.getFileName(),
                        outcome.kind(),
                        outcome.exitCode(),
                        outcome.outputExcerpt(2000));
                return Optional.empty();
            }
            long size = Files.size(dumped);
            Path archive = archiveOf(jar);
            Files.move(dumped, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Path sizeTemp = work.resolve("size");
            Files.writeString(sizeTemp, Long.toString(size), StandardCharsets.US_ASCII);
            Files.move(sizeTemp, sizeFileOf(jar), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info(
                    "class-data archive of {} made in {} ms ({} kB)",
                    jar.getFileName(),
                    (System.nanoTime() - start) / 1_000_000,
                    size / 1024);
            return Optional.of(archive);
        } catch (IOException | RuntimeException e) {
            LOG.warn("no class-data archive for {}: {}", jar.getFileName(), e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    private RunnerOutcome train(Path jar, Path work, Path dumped) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(NICE)) {
            command.addAll(List.of(NICE.toString(), "-n", "19"));
        }
        Path socket = work.resolve("ipc.sock");
        List<String> jvm = new ArrayList<>(RunnerJvm.command(jar, null, List.of(socket.toString(), "training")));
        jvm.addAll(1, List.of("-XX:+VerifySharedSpaces", "-XX:ArchiveClassesAtExit=" + dumped));
        command.addAll(jvm);
        SandboxSpec.Builder spec = SandboxSpec.builder(work).readOnly(jar.toAbsolutePath());
        Path javaHome = SandboxSpec.javaHome();
        if (!javaHome.startsWith("/usr")) {
            spec.readOnly(javaHome);
        }
        try (TrainingMonitor monitor = TrainingMonitor.listen(socket)) {
            RunnerProcess process = RunnerProcess.start(sandbox, spec.build(), command, TRAINING_LIMIT, KILL_GRACE);
            try {
                return process.awaitExit();
            } catch (InterruptedException e) {
                process.cancel(); // the monitor is closing: nothing of the training may outlive it
                try {
                    process.awaitExit(KILL_GRACE.plusSeconds(5));
                } catch (TimeoutException | InterruptedException ignored) {
                    LOG.warn("the training run of {} (pid {}) survived its kill", jar.getFileName(), process.pid());
                }
                throw e;
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("cannot delete {}", dir, e);
        }
    }

    /** Stops a training run in progress (its process is killed with its tree, and waited for) and the thread. */
    @Override
    public void close() {
        trainer.shutdownNow();
        try {
            if (!trainer.awaitTermination(KILL_GRACE.toSeconds() + 10, TimeUnit.SECONDS)) {
                LOG.warn("the class-data training thread did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
