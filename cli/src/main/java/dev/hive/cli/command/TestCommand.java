package dev.hive.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.build.BuildOptions;
import dev.hive.cli.build.BuiltRunner;
import dev.hive.cli.build.Candidate;
import dev.hive.cli.build.RunnerBuilder;
import dev.hive.cli.build.RunnerListing;
import dev.hive.cli.ci.GitHubActions;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.init.ApiVersionCheck;
import dev.hive.cli.provenance.RunProvenance;
import dev.hive.cli.report.Console;
import dev.hive.cli.run.RunSession;
import dev.hive.cli.trace.CliTrace;
import dev.hive.cli.trace.CliTrace.Step;
import dev.hive.protocol.run.Provenance;
import dev.hive.protocol.run.TestSelection;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hive test [PATH]}: builds the candidate's runner (or reuses it when nothing changed), checks its tests with the
 * runner's list mode (problems end the command before upload; {@code --list} prints the tests), uploads it (by hash
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

    @Mixin
    MavenOptions maven;

    @Mixin
    TestSelectionOptions selection;

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

    @Option(
            names = "--list",
            description = "Build the runner and print the tests it would run with the selection (no monitor needed).")
    boolean list;

    public TestCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        CliTrace.mark(Step.COMMAND);
        Console out = context.console();
        MonitorClient client = buildOnly || list ? null : global.client(context);
        CliTrace.mark(Step.CLIENT);
        ObjectMapper json = client == null ? new ObjectMapper() : client.json();
        ObjectNode options = run.toJson(json);
        TestSelection chosen = selection.selection();
        if (chosen != null) {
            options.set("selection", json.valueToTree(chosen));
        }
        if (client != null) {
            global.connection(context).requireToken();
        }
        BuildOptions buildOptions = maven.toBuildOptions();
        Candidate candidate = Candidate.locate(path, module, tests, buildOptions.properties());
        CliTrace.mark(Step.CANDIDATE);
        ApiVersionCheck.warning(candidate.pom(), context.build().templateVersion())
                .ifPresent(out::error);
        // The provenance runs git status (which reads the whole checkout): done while the runner is built
        // and listed, which reads the candidate but writes only into the CLI's cache, so the answer is the same.
        CompletableFuture<Provenance> provenance = client == null || list
                ? null
                : CompletableFuture.supplyAsync(
                        () -> {
                            Provenance gathered =
                                    RunProvenance.of(candidate, context.env().env());
                            CliTrace.mark(Step.PROVENANCE);
                            return gathered;
                        },
                        TestCommand::daemon);
        RunnerBuilder builder = new RunnerBuilder(
                context.build(), context.env().cacheDir(), context.env().env());
        BuiltRunner runner;
        try (BuildTicker ticker = new BuildTicker(out, out.terminal() && !global.verbose)) {
            runner =
                    builder.build(candidate, buildOptions, rebuild, ticker::started, global.verbose ? out.out() : null);
        }
        CliTrace.mark(Step.RUNNER);
        out.line((runner.reused()
                        ? "Reused the runner (nothing changed since it was built): "
                        : "Built the runner in "
                                + Console.duration(runner.took().toMillis()) + ": ")
                + runner.jar() + " (" + Console.bytes(runner.size()) + ")");
        if (buildOnly) {
            return ExitCode.OK;
        }
        var report = new TestListingReport(out, candidate);
        RunnerListing.Listing listing = RunnerListing.withThisJava().list(runner, selection.listArguments());
        CliTrace.mark(Step.LISTED);
        report.failOnProblems(listing);
        if (list) {
            report.printTests(listing);
            return ExitCode.OK;
        }
        if (listing.tests().isEmpty()) {
            throw CliException.usage("the selection matches no hive test; nothing was uploaded (see hive test --list)");
        }
        return new RunSession(
                        client,
                        out,
                        global.verbose,
                        provenance(provenance),
                        GitHubActions.fromEnvironment(
                                context.env().env(), context.env().workingDir(), candidate.hiveTests()),
                        context.env().interrupts())
                .run(runner, options, reports.junit, reports.json);
    }

    private static Provenance provenance(CompletableFuture<Provenance> gathering) {
        try {
            return gathering.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Runs {@code task} on a daemon thread of its own: a command that ends early does not wait for it. */
    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "hive-provenance");
        thread.setDaemon(true);
        thread.start();
    }
}
