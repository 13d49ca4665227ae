package dev.hive.monitor.task;

import dev.hive.monitor.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * The command line that starts a run's runner (before the sandbox wraps it). The default starts the runner
 * JAR on the monitor's own Java runtime; tests put other programs here.
 */
@FunctionalInterface
public interface RunnerLauncher {

    /**
     * @param jar the runner JAR in the run's directory
     * @param socket the IPC socket the runner must connect to
     * @param runId the run's id, which the runner must name in its {@code hello}
     */
    List<String> command(Path jar, Path socket, long runId);

    /** {@code <java.home>/bin/java -jar <jar> <socket> <runId>}. */
    static RunnerLauncher javaJar() {
        return (jar, socket, runId) -> List.of(
                SandboxSpec.javaHome().resolve("bin").resolve("java").toString(),
                "-jar",
                jar.toString(),
                socket.toString(),
                Long.toString(runId));
    }
}
