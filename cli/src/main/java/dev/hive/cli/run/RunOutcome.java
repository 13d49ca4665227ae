package dev.hive.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.ci.GitHubActions;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.report.Console;
import dev.hive.cli.report.ProvenanceText;
import dev.hive.cli.report.ResultTable;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The end of a run, for {@code hive test} and {@code hive result}: the table, the summary line, the JUnit XML and
 * JSON files, and the exit code: 4 when the run ended other than {@code finished} (an infrastructure error, a
 * cancellation, a monitor restart), else 1 when a test failed, else 4 when a result is an infrastructure error, else 0.
 */
public final class RunOutcome {

    private RunOutcome() {}

    /** Prints the run's results and writes the requested files; returns the exit code. */
    public static int report(
            MonitorClient client, Console console, long runId, JsonNode run, Path junit, Path json, boolean verbose) {
        return report(client, console, runId, run, junit, json, verbose, Optional.empty());
    }

    /** As above, and on GitHub Actions also the job summary and the failure annotations. */
    public static int report(
            MonitorClient client,
            Console console,
            long runId,
            JsonNode run,
            Path junit,
            Path json,
            boolean verbose,
            Optional<GitHubActions> github) {
        List<TestResult> results = RunRecords.results(run);
        Summary summary = RunRecords.summary(run);
        String state = run.path("state").asText("unknown");
        String error = run.hasNonNull("error") ? run.get("error").asText() : null;
        int code = report(client, console, runId, state, error, summary, results, run, junit, json, verbose);
        github.ifPresent(g -> g.report(console, client.url(), runId, state, summary, results, run));
        return code;
    }

    static int report(
            MonitorClient client,
            Console console,
            long runId,
            String state,
            String error,
            Summary summary,
            List<TestResult> results,
            JsonNode run,
            Path junit,
            Path json,
            boolean verbose) {
        console.line("");
        console.line(console.bold("Results of run " + runId));
        ProvenanceText.of(run.path("provenance")).lines().forEach(line -> console.line("  " + line));
        if (results.isEmpty()) {
            console.line("  no results");
        }
        ResultTable.render(results, console, verbose).forEach(console::line);
        console.line("");
        String counts = summary.passed() + " passed, " + summary.failed() + " failed, " + summary.skipped()
                + " skipped, " + summary.errors() + " errors (" + summary.total() + " results) in "
                + Console.duration(summary.durationMillis());
        int code = exitCode(state, summary);
        String verdict =
                switch (code) {
                    case ExitCode.OK -> console.green("PASSED");
                    case ExitCode.TESTS_FAILED -> console.red("FAILED");
                    default -> console.red(
                            state.equals("finished") ? "ERROR" : state.toUpperCase(java.util.Locale.ROOT));
                };
        console.line(verdict + "  " + counts);
        if (error != null) {
            console.line("The run ended " + state + ": " + error);
        }
        write(client, console, runId, run, junit, json);
        return code;
    }

    static int exitCode(String state, Summary summary) {
        if (!"finished".equals(state)) {
            return ExitCode.UNAVAILABLE;
        }
        if (summary.failed() > 0) {
            return ExitCode.TESTS_FAILED;
        }
        return summary.errors() > 0 ? ExitCode.UNAVAILABLE : ExitCode.OK;
    }

    private static void write(MonitorClient client, Console console, long runId, JsonNode run, Path junit, Path json) {
        try {
            if (junit != null) {
                String xml = client.getText("/api/v1/runs/" + runId + "/junit");
                createParent(junit);
                Files.writeString(junit, xml, StandardCharsets.UTF_8);
                console.line("JUnit XML: " + junit);
            }
            if (json != null) {
                createParent(json);
                Files.writeString(
                        json,
                        client.json()
                                .copy()
                                .enable(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(run),
                        StandardCharsets.UTF_8);
                console.line("JSON: " + json);
            }
        } catch (IOException e) {
            throw CliException.usage("cannot write the report: " + e.getMessage());
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
