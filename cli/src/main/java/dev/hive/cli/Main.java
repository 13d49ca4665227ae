package dev.hive.cli;

import dev.hive.cli.trace.CliTrace;
import dev.hive.cli.trace.CliTrace.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** The {@code hive} command's entry point. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        CliTrace.mark(Step.MAIN);
        CommandLine cli = HiveCommandLine.create(CliEnvironment.system(), args);
        CliTrace.mark(Step.COMMAND_LINE);
        int code = cli.execute(args);
        if (CliTrace.ENABLED) {
            CliTrace.mark(Step.EXIT);
            System.err.println(CliTrace.report());
        }
        markArchive(code);
        System.exit(code);
    }

    /**
     * When the launcher asked this JVM to write a class-data archive at its exit ({@code -Dhive.cli.archive=PATH},
     * {@code cli/bin/hive}): marks it as the archive of a command that succeeded ({@code PATH.ok}), the only kind the
     * launcher puts in place, so that a first {@code hive test} that failed early does not leave a poor archive.
     */
    private static void markArchive(int code) {
        String archive = System.getProperty("hive.cli.archive");
        if (archive != null && code == ExitCode.OK) {
            try {
                Files.newOutputStream(Path.of(archive + ".ok")).close();
            } catch (IOException | RuntimeException e) {
                // unmarked: the launcher drops the archive, and a later 'hive test' writes another
            }
        }
    }
}
