package dev.hive.monitor.task;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line that starts a run's runner, and the files it reads that the sandbox must show it
 * (read-only, at the same paths): the runner JAR and, when there is one, its class-data archive.
 */
public record RunnerCommand(List<String> argv, List<Path> readOnly) {

    public RunnerCommand {
        argv = List.copyOf(argv);
        readOnly = List.copyOf(readOnly);
    }
}
