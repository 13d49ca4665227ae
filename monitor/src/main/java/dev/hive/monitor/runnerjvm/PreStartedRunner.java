package dev.hive.monitor.runnerjvm;

import dev.hive.monitor.sandbox.RunnerProcess;
import dev.hive.monitor.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One runner JVM started before its run ({@link PreStartedRunners}), in a directory of its own: {@code run/}, its
 * run directory (read-write, where the run's IPC socket will be), and {@code jar/}, shown to it read-only, where
 * the run's JAR appears at the handover. Used for one run, or none.
 */
public final class PreStartedRunner {

    /** The file the runner creates in its run directory once it is warm (the runner's {@code PreStartedMain}). */
    static final String READY_FILE = "pre-started.ready";

    private final Path directory;
    private final SandboxSpec runSpec;
    private final RunnerProcess process;
    private volatile boolean handedOver;

    /**
     * @param runSpec the sandbox a cold runner with {@code directory/run} as its run directory would get now
     *     (without its JAR and archive): the pre-started one has it plus the fixed part and {@code jar/}
     */
    PreStartedRunner(Path directory, SandboxSpec runSpec, RunnerProcess process) {
        this.directory = directory;
        this.runSpec = runSpec;
        this.process = process;
    }

    static Path runDirectoryIn(Path directory) {
        return directory.resolve("run");
    }

    static Path jarDirectoryIn(Path directory) {
        return directory.resolve("jar");
    }

    Path directory() {
        return directory;
    }

    /** The run's directory: the run's IPC socket must be made here. */
    public Path runDirectory() {
        return runDirectoryIn(directory);
    }

    SandboxSpec runSpec() {
        return runSpec;
    }

    /** The runner's process: the run's link accepts it (and its descendants) as its peer. */
    public RunnerProcess process() {
        return process;
    }

    /** Alive, and done with its warm-up. */
    boolean ready() {
        return process.isAlive() && Files.exists(runDirectory().resolve(READY_FILE));
    }

    /**
     * Hands the runner its run: the stored {@code jar} is linked (or, across file systems, copied) into {@code
     * jar/}, where the sandbox shows it read-only, and the runner is told that JAR, the socket and the run id; from
     * now on the run's wall-clock limit applies.
     */
    public void handOver(Path jar, Path socket, long runId, Duration limit) throws IOException {
        Path shown = jarDirectoryIn(directory).resolve("runner.jar");
        try {
            Files.createLink(shown, jar);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(jar, shown);
        }
        handedOver = true;
        process.handOver(shown + "\t" + socket + "\t" + runId, limit);
    }

    /** Whether it was handed a run: its directory then belongs to that run until the run deletes it. */
    boolean handedOver() {
        return handedOver;
    }

    /**
     * Deletes its directory. The run it was handed calls this once its link is closed: the IPC socket is in that
     * directory, and deleting it earlier ends the link's accepting (junixsocket closes a server whose file went).
     */
    public void deleteDirectory() {
        PreStartedRunners.deleteTree(directory);
    }
}
