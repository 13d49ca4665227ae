package dev.hive.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hive.cli.ExitCode;
import dev.hive.cli.build.BuiltRunner;
import dev.hive.cli.build.Candidate;
import dev.hive.cli.build.RunnerBuilder;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.init.ApiVersionCheck;
import dev.hive.cli.report.Console;
import dev.hive.cli.run.RunSession;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hive test [PATH]}: builds the candidate's runner (or reuses it when nothing changed), uploads it (by hash
 * first), follows the run live and reports its results.
 */
@Command(
        name = "test",
        description = "Build the runner of the candidate at PATH with its hive tests, run it on the rack, report.",
        mixinStandardHelpOptions = true)
public final class TestCommand implements Callable<Integer>, HasGlobalOptions {

    private final CommandContext context;

    @Mixin
    GlobalOptions global;

    @Mixin
    RunFilterOptions run;

    @Mixin
    ReportOptions reports;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "PATH",
            defaultValue = ".",
            description = "The candidate: a Maven project (default: the current directory).")
    Path path;

    @Option(names = "--module", paramLabel = "NAME", description = "The module of a multi-module PATH to test.")
    String module;

    @Option(
            names = "--tests",
            paramLabel = "DIR",
            description = "The hive tests' sources (default: src/hive/java of the candidate).")
    Path tests;

    @Option(names = "--rebuild", description = "Build the runner even if nothing seems to have changed.")
    boolean rebuild;

    @Option(names = "--build-only", description = "Build the runner, print its path, and stop (no monitor needed).")
    boolean buildOnly;

    public TestCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        Console out = context.console();
        MonitorClient client = buildOnly ? null : global.client(context);
        ObjectNode options = run.toJson(client == null ? new ObjectMapper() : client.json());
        if (client != null) {
            global.connection(context).requireToken();
        }
        Candidate candidate = Candidate.locate(path, module, tests);
        ApiVersionCheck.warning(candidate.pom(), context.build().templateVersion())
                .ifPresent(out::error);
        RunnerBuilder builder = new RunnerBuilder(
                context.build(), context.env().cacheDir(), context.env().env());
        BuiltRunner runner;
        try (BuildTicker ticker = new BuildTicker(out, out.terminal() && !global.verbose)) {
            runner = builder.build(candidate, rebuild, ticker::started, global.verbose ? out.out() : null);
        }
        out.line((runner.reused()
                        ? "Reused the runner (nothing changed since it was built): "
                        : "Built the runner in "
                                + Console.duration(runner.took().toMillis()) + ": ")
                + runner.jar() + " (" + Console.bytes(runner.size()) + ")");
        if (buildOnly) {
            return ExitCode.OK;
        }
        return new RunSession(client, out, global.verbose).run(runner, options, reports.junit, reports.json);
    }
}
