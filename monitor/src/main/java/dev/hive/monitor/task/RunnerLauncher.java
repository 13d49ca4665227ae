package dev.hive.monitor.task;

import dev.hive.monitor.runnerjvm.ClassDataArchives;
import dev.hive.monitor.runnerjvm.PreStartedRunner;
import dev.hive.monitor.runnerjvm.PreStartedRunners;
import dev.hive.monitor.runnerjvm.RunnerJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line that starts a run's runner (before the sandbox wraps it). The default starts the runner
 * JAR on the monitor's own Java runtime with {@link RunnerJvm}'s options; tests put other programs here.
 */
@FunctionalInterface
public interface RunnerLauncher {

    /**
     * @param jar the stored runner JAR (the sandbox shows it read-only)
     * @param socket the IPC socket the runner must connect to
     * @param runId the run's id, which the runner must name in its {@code hello}
     */
    List<String> command(Path jar, Path socket, long runId);

    /** The command and the files it needs to read: by default {@link #command} and the JAR. */
    default RunnerCommand launch(Path jar, Path socket, long runId) {
        return new RunnerCommand(command(jar, socket, runId), List.of(jar));
    }

    /**
     * A runner JVM started before the run, ready to be handed the run of {@code jar} in exactly the sandbox a cold
     * runner of it would get; empty (the default): the run starts its runner with {@link #launch}.
     */
    default Optional<PreStartedRunner> preStarted(Path jar) {
        return Optional.empty();
    }

    /**
     * Has what a later cold start of {@code jar} would use made in the background (its class-data archive), for a
     * run that did not start its runner cold. By default nothing.
     */
    default void prepareColdStart(Path jar) {}

    /**
     * {@code launcher}, except that a run is handed to a runner JVM of {@code preStarted} when there are such and one
     * is ready and may run the JAR.
     */
    static RunnerLauncher withPreStarted(RunnerLauncher launcher, Optional<PreStartedRunners> preStarted) {
        if (preStarted.isEmpty()) {
            return launcher;
        }
        PreStartedRunners runners = preStarted.get();
        return new RunnerLauncher() {
            @Override
            public List<String> command(Path jar, Path socket, long runId) {
                return launcher.command(jar, socket, runId);
            }

            @Override
            public RunnerCommand launch(Path jar, Path socket, long runId) {
                return launcher.launch(jar, socket, runId);
            }

            @Override
            public Optional<PreStartedRunner> preStarted(Path jar) {
                Optional<PreStartedRunner> taken = runners.take(jar);
                if (taken.isPresent()) {
                    launcher.prepareColdStart(jar); // the next run of the JAR may find no runner ready
                }
                return taken;
            }

            @Override
            public void prepareColdStart(Path jar) {
                launcher.prepareColdStart(jar);
            }
        };
    }

    /** {@code <java.home>/bin/java OPTIONS -jar <jar> <socket> <runId>}, without a class-data archive. */
    static RunnerLauncher javaJar() {
        return (jar, socket, runId) -> RunnerJvm.command(jar, null, List.of(socket.toString(), Long.toString(runId)));
    }

    /**
     * As {@link #javaJar()}, with the JAR's class-data archive when {@code archives} has it complete; when not,
     * the run starts without one and the archive is made in the background for the next run of that JAR.
     */
    static RunnerLauncher javaJar(ClassDataArchives archives) {
        return new RunnerLauncher() {
            @Override
            public List<String> command(Path jar, Path socket, long runId) {
                return launch(jar, socket, runId).argv();
            }

            @Override
            public void prepareColdStart(Path jar) {
                archives.archiveFor(jar);
            }

            @Override
            public RunnerCommand launch(Path jar, Path socket, long runId) {
                Path archive = archives.archiveFor(jar).orElse(null);
                List<Path> files = new ArrayList<>(List.of(jar));
                if (archive != null) {
                    files.add(archive);
                }
                List<String> args = List.of(socket.toString(), Long.toString(runId));
                return new RunnerCommand(RunnerJvm.command(jar, archive, args), files);
            }
        };
    }
}
