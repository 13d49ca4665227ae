package dev.hive.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the run records of {@code GET /api/v1/runs/{id}} (results with the cell's fields inline). */
public final class RunRecords {

    private RunRecords() {}

    /** The results of a run record, in arrival order. */
    public static List<TestResult> results(JsonNode run) {
        List<TestResult> results = new ArrayList<>();
        for (JsonNode r : run.path("results")) {
            results.add(result(r));
        }
        return results;
    }

    /** The summary of a run record (its duration from its start and finish times). */
    public static Summary summary(JsonNode run) {
        JsonNode s = run.path("summary");
        long duration = 0;
        if (run.hasNonNull("startedAt") && run.hasNonNull("finishedAt")) {
            duration = Math.max(
                    0,
                    Instant.parse(run.get("finishedAt").asText()).toEpochMilli()
                            - Instant.parse(run.get("startedAt").asText()).toEpochMilli());
        }
        return new Summary(
                s.path("passed").asInt(),
                s.path("failed").asInt(),
                s.path("skipped").asInt(),
                s.path("errors").asInt(),
                duration);
    }

    static TestResult result(JsonNode r) {
        String testId = r.path("testId").asText();
        Cell cell = new Cell(
                r.path("channel").asInt(),
                text(r, "probe", "?"),
                text(r, "probeSerial", "?"),
                r.path("stack").asInt(),
                r.path("slot").asInt(),
                text(r, "target", "?"));
        return new TestResult(
                testId,
                text(r, "displayName", testId),
                text(r, "className", testId),
                text(r, "methodName", text(r, "displayName", testId)),
                cell,
                TestStatus.valueOf(r.path("status").asText()),
                text(r, "message", null),
                text(r, "stackTrace", null),
                r.hasNonNull("startedAt") ? Instant.parse(r.get("startedAt").asText()) : Instant.EPOCH,
                Math.max(0, r.path("durationMillis").asLong()),
                text(r, "failureType", null),
                output(r.path("output")));
    }

    /** What the test said, or null when the record holds nothing (or nothing readable). */
    static TestOutput output(JsonNode o) {
        if (!o.isObject()) {
            return null;
        }
        List<ReportEntry> reports = new ArrayList<>();
        for (JsonNode e : o.path("reports")) {
            if (e.hasNonNull("key") && e.hasNonNull("value") && reports.size() < TestOutput.MAX_REPORT_ENTRIES) {
                reports.add(
                        new ReportEntry(e.get("key").asText(), e.get("value").asText()));
            }
        }
        return new TestOutput(text(o, "stdout", ""), text(o, "stderr", ""), reports);
    }

    private static String text(JsonNode node, String field, String otherwise) {
        return node.hasNonNull(field) ? node.get(field).asText() : otherwise;
    }
}
