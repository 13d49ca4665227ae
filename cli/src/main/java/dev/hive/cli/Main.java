package dev.hive.cli;

import dev.hive.cli.trace.CliTrace;
import dev.hive.cli.trace.CliTrace.Step;
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
        System.exit(code);
    }
}
