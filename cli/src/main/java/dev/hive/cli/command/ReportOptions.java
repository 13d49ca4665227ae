package dev.hive.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where to write a run's results for machines. */
public final class ReportOptions {

    @Option(
            names = "--junit",
            paramLabel = "FILE",
            description = "Write JUnit XML here: one testsuite per target x probe.")
    Path junit;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the run and all its results as JSON here.")
    Path json;
}
