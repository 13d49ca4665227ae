package dev.hive.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.ExitCode;
import dev.hive.cli.report.Console;
import dev.hive.cli.report.ProvenanceText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hive runs}: the run history, newest first, with what each run tested; filtered by candidate and branch. */
@Command(name = "runs", description = "List past and current runs, newest first.", mixinStandardHelpOptions = true)
public final class RunsCommand implements Callable<Integer>, HasGlobalOptions {

    private final CommandContext context;

    @Mixin
    GlobalOptions global;

    @Option(names = "--limit", defaultValue = "20", description = "How many runs (1 to 200, default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "How many of the newest runs to leave out.")
    int offset;

    @Option(
            names = "--candidate",
            paramLabel = "GROUP:ARTIFACT[:VERSION]",
            description = "Only runs of this candidate (every version when the version is left out).")
    String candidate;

    @Option(names = "--branch", paramLabel = "NAME", description = "Only runs of this Git branch.")
    String branch;

    public RunsCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public GlobalOptions global() {
        return global;
    }

    @Override
    public Integer call() {
        Console out = context.console();
        JsonNode page = global.client(context)
                .get("/api/v1/runs?limit=" + limit + "&offset=" + offset + query("candidate", candidate)
                        + query("branch", branch));
        out.line("%-6s %-11s %-20s %6s %6s %7s %6s  %-30s %-20s %-13s %s"
                .formatted(
                        "RUN",
                        "STATE",
                        "CREATED",
                        "PASSED",
                        "FAILED",
                        "SKIPPED",
                        "ERRORS",
                        "CANDIDATE",
                        "BRANCH",
                        "COMMIT",
                        "ERROR"));
        for (JsonNode run : page.path("runs")) {
            JsonNode s = run.path("summary");
            ProvenanceText p = ProvenanceText.of(run.path("provenance"));
            out.line("%-6d %-11s %-20s %6d %6d %7d %6d  %-30s %-20s %-13s %s"
                    .formatted(
                            run.path("id").asLong(),
                            run.path("state").asText(),
                            run.path("createdAt").asText("").replace('T', ' ').replaceAll("\\.\\d+Z$|Z$", ""),
                            s.path("passed").asInt(),
                            s.path("failed").asInt(),
                            s.path("skipped").asInt(),
                            s.path("errors").asInt(),
                            p.candidate(),
                            p.branch(),
                            p.commit(),
                            run.path("error").asText("")));
        }
        out.line(page.path("runs").size() + " of " + page.path("total").asInt() + " runs");
        return ExitCode.OK;
    }

    private static String query(String name, String value) {
        return value == null || value.isBlank()
                ? ""
                : "&" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
