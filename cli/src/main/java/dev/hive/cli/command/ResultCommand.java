package dev.hive.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.ExitCode;
import dev.hive.cli.ci.GitHubActions;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.report.ResultTable;
import dev.hive.cli.run.RunOutcome;
import dev.hive.cli.run.RunRecords;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code hive result RUN_ID}: the results of a run, as {@code hive test} shows them at the end, with the same exit
 * code and report files. A run that has not ended yet shows its results so far and exits 0.
 */
@Command(
        name = "result",
        description = "Show the results of a run (--junit/--json as for 'hive test').",
        mixinStandardHelpOptions = true)
public final class ResultCommand implements Callable<Integer>, HasGlobalOptions {

    private final CommandContext context;

    @Mixin
    GlobalOptions global;

    @Mixin
    ReportOptions reports;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's id (see 'hive runs').")
    long runId;

    public ResultCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        MonitorClient client = global.client(context);
        JsonNode run = client.get("/api/v1/runs/" + runId);
        String state = run.path("state").asText();
        if (state.equals("queued") || state.equals("running")) {
            var out = context.console();
            out.line("Run " + runId + " is " + state
                    + (state.equals("queued")
                            ? " (position " + run.path("queuePosition").asInt() + ")"
                            : "") + "; "
                    + run.path("results").size() + " results so far:");
            ResultTable.render(RunRecords.results(run), out, global.verbose).forEach(out::line);
            out.line("Run 'hive result " + runId + "' again when it has ended.");
            return ExitCode.OK;
        }
        return RunOutcome.report(
                client,
                context.console(),
                runId,
                run,
                reports.junit,
                reports.json,
                global.verbose,
                GitHubActions.fromEnvironment(context.env().env(), context.env().workingDir(), null));
    }
}
