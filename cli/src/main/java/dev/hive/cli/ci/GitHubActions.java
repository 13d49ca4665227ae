package dev.hive.cli.ci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.cli.report.Console;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end of a run on GitHub Actions ({@code GITHUB_ACTIONS=true}): a Markdown summary appended to
 * {@code $GITHUB_STEP_SUMMARY} (the verdict, the counts, the failing tests with target and probe, a link to the run
 * on the rack), and one {@code ::error file=…,line=…::} workflow command per failing test, on the line of the hive
 * test where it failed, listing the cells it failed on.
 */
public final class GitHubActions {

    /** At most this many failing tests are listed in the summary and annotated. */
    static final int MAX_LISTED = 50;

    private final Path summaryFile;
    private final Path hiveTests;
    private final Path workspace;

    GitHubActions(Path summaryFile, Path hiveTests, Path workspace) {
        this.summaryFile = summaryFile;
        this.hiveTests = hiveTests;
        this.workspace = workspace;
    }

    /**
     * Present when the CLI runs in a GitHub Actions job.
     *
     * @param hiveTests the candidate's hive tests (for the annotations' files), or null when unknown
     */
    public static Optional<GitHubActions> fromEnvironment(Map<String, String> env, Path hiveTests) {
        return fromEnvironment(env, Path.of("").toAbsolutePath(), hiveTests);
    }

    /** As {@link #fromEnvironment(Map, Path)}, with a relative {@code GITHUB_WORKSPACE} (or none) in {@code workingDir}. */
    public static Optional<GitHubActions> fromEnvironment(Map<String, String> env, Path workingDir, Path hiveTests) {
        if (!"true".equals(env.get("GITHUB_ACTIONS"))) {
            return Optional.empty();
        }
        String summary = env.get("GITHUB_STEP_SUMMARY");
        String workspace = env.getOrDefault("GITHUB_WORKSPACE", "");
        return Optional.of(new GitHubActions(
                summary == null || summary.isBlank() ? null : Path.of(summary),
                hiveTests,
                workingDir.resolve(workspace.isBlank() ? "." : workspace).normalize()));
    }

    /** Writes the summary and prints the annotations for the run that ended. */
    public void report(
            Console console,
            URI monitor,
            long runId,
            String state,
            Summary summary,
            List<TestResult> results,
            JsonNode run) {
        Map<String, List<TestResult>> failing = failing(results);
        if (summaryFile != null) {
            append(summary(monitor, runId, state, summary, failing, run));
        }
        failing.values().stream().limit(MAX_LISTED).map(this::annotation).forEach(console::line);
    }

    /** The failed and errored results, grouped by test (class and method), in the order they came. */
    static Map<String, List<TestResult>> failing(List<TestResult> results) {
        Map<String, List<TestResult>> byTest = new LinkedHashMap<>();
        for (TestResult r : results) {
            if (r.status() == TestStatus.FAILED || r.status() == TestStatus.ERROR) {
                byTest.computeIfAbsent(r.className() + "#" + r.testId(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        return byTest;
    }

    String annotation(List<TestResult> cells) {
        TestResult first = cells.get(0);
        StringBuilder where = new StringBuilder();
        for (TestResult r : cells) {
            where.append(where.length() == 0 ? "" : ", ").append(cell(r));
        }
        String title = simpleName(first.className()) + " > " + first.displayName() + " "
                + (first.status() == TestStatus.ERROR ? "could not run" : "failed");
        String message = "on " + where + ": " + firstLine(first.message());
        Optional<SourceLine> line = SourceLine.find(first.stackTrace(), first.className(), hiveTests, workspace);
        String properties = line.map(l -> "file=" + property(l.file()) + ",line=" + l.line() + ",")
                        .orElse("")
                + "title=" + property(title);
        return "::error " + properties + "::" + data(message);
    }

    String summary(
            URI monitor,
            long runId,
            String state,
            Summary summary,
            Map<String, List<TestResult>> failing,
            JsonNode run) {
        StringBuilder md = new StringBuilder();
        String verdict = !"finished".equals(state)
                ? state.toUpperCase(java.util.Locale.ROOT)
                : summary.failed() > 0 ? "FAILED" : summary.errors() > 0 ? "ERROR" : "PASSED";
        md.append("## Hive run ").append(runId).append(": ").append(verdict).append("\n\n");
        JsonNode provenance = run.path("provenance");
        if (provenance.hasNonNull("candidate")) {
            md.append("`").append(provenance.get("candidate").asText()).append("`");
            if (provenance.hasNonNull("branch")) {
                md.append(" on `").append(provenance.get("branch").asText()).append("`");
            }
            if (provenance.hasNonNull("commit")) {
                String commit = provenance.get("commit").asText();
                md.append(" at `")
                        .append(commit, 0, Math.min(12, commit.length()))
                        .append("`");
            }
            md.append("\n\n");
        }
        md.append("| passed | failed | skipped | errors | results | time |\n|---:|---:|---:|---:|---:|---:|\n");
        md.append("| %d | %d | %d | %d | %d | %s |\n\n"
                .formatted(
                        summary.passed(),
                        summary.failed(),
                        summary.skipped(),
                        summary.errors(),
                        summary.total(),
                        Console.duration(summary.durationMillis())));
        if (run.hasNonNull("error")) {
            md.append("The run ended ")
                    .append(state)
                    .append(": ")
                    .append(cellText(run.get("error").asText()));
            md.append("\n\n");
        }
        if (!failing.isEmpty()) {
            md.append("### Failing tests\n\n| test | target @ probe | message |\n|---|---|---|\n");
            int listed = 0;
            for (List<TestResult> cells : failing.values()) {
                for (TestResult r : cells) {
                    if (listed++ == MAX_LISTED) {
                        md.append("| … | | more in the run's page and the JUnit XML |\n");
                        break;
                    }
                    md.append("| ")
                            .append(cellText(simpleName(r.className()) + " > " + r.displayName()))
                            .append(" | ")
                            .append(cellText(cell(r)))
                            .append(" | ")
                            .append(cellText(firstLine(r.message())))
                            .append(" |\n");
                }
            }
            md.append('\n');
        }
        md.append("[Run ")
                .append(runId)
                .append(" on the rack](")
                .append(runPage(monitor, runId))
                .append(")\n");
        return md.toString();
    }

    private void append(String markdown) {
        try {
            Files.writeString(
                    summaryFile,
                    markdown,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job summary " + summaryFile + ": " + e.getMessage(), e);
        }
    }

    static String runPage(URI monitor, long runId) {
        String base = monitor.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/runs/" + runId;
    }

    private static String cell(TestResult r) {
        return r.cell().target() + " @ " + r.cell().probe();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Text for a Markdown table cell: no line breaks, no column separators, no HTML. */
    static String cellText(String s) {
        return s.replace("\r", " ")
                .replace("\n", " ")
                .replace("|", "\\|")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }

    /** A workflow command's message, escaped as the runner expects. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** A workflow command's property value, escaped as the runner expects. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
