package dev.hive.monitor.task;

import static dev.hive.monitor.db.generated.Tables.RESULTS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.generated.tables.records.ResultsRecord;
import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Test results of runs, in arrival order. Plain blocking calls; see {@link Database} for threading. */
public final class ResultRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<ReportEntry>> ENTRIES = new TypeReference<>() {};

    private final Database db;

    public ResultRepository(Database db) {
        this.db = db;
    }

    public void append(TestResult t) {
        db.write(d -> d.insertInto(RESULTS)
                .set(RESULTS.RUN_ID, t.runId())
                .set(RESULTS.TEST_ID, t.testId())
                .set(RESULTS.DISPLAY_NAME, t.displayName())
                .set(RESULTS.CLASS_NAME, t.className().orElse(null))
                .set(RESULTS.METHOD_NAME, t.methodName().orElse(null))
                .set(RESULTS.CHANNEL, t.channel().orElse(null))
                .set(RESULTS.PROBE, t.probe().orElse(null))
                .set(RESULTS.PROBE_SERIAL, t.probeSerial().orElse(null))
                .set(RESULTS.STACK, t.stack().orElse(null))
                .set(RESULTS.SLOT, t.slot().orElse(null))
                .set(RESULTS.TARGET, t.target().orElse(null))
                .set(RESULTS.STATUS, t.status().name())
                .set(RESULTS.MESSAGE, t.message().orElse(null))
                .set(RESULTS.STACK_TRACE, t.stackTrace().orElse(null))
                .set(
                        RESULTS.STARTED_AT,
                        t.startedAt().map(Instant::toEpochMilli).orElse(null))
                .set(RESULTS.DURATION_MS, t.duration().map(Duration::toMillis).orElse(null))
                .set(RESULTS.FAILURE_TYPE, t.failureType().orElse(null))
                .set(RESULTS.STDOUT, t.output().map(TestOutput::stdout).orElse(null))
                .set(RESULTS.STDERR, t.output().map(TestOutput::stderr).orElse(null))
                .set(
                        RESULTS.REPORT_ENTRIES,
                        t.output().map(o -> entriesJson(o.reports())).orElse(null))
                .set(RESULTS.RACK, t.setup().map(CellSetup::rack).orElse(null))
                .set(
                        RESULTS.TESTPROGRAM,
                        t.setup().flatMap(CellSetup::testprogram).orElse(null))
                .set(RESULTS.HIVE_UID, t.setup().flatMap(CellSetup::hiveUid).orElse(null))
                .execute());
    }

    public List<TestResult> listByRun(long runId) {
        return db.read(d -> d.selectFrom(RESULTS)
                .where(RESULTS.RUN_ID.eq(runId))
                .orderBy(RESULTS.ID)
                .fetch(ResultRepository::toResult));
    }

    private static TestResult toResult(ResultsRecord r) {
        return new TestResult(
                r.getRunId(),
                r.getTestId(),
                r.getDisplayName(),
                Optional.ofNullable(r.getClassName()),
                Optional.ofNullable(r.getMethodName()),
                Optional.ofNullable(r.getChannel()),
                Optional.ofNullable(r.getProbe()),
                Optional.ofNullable(r.getProbeSerial()),
                Optional.ofNullable(r.getStack()),
                Optional.ofNullable(r.getSlot()),
                Optional.ofNullable(r.getTarget()),
                TestStatus.valueOf(r.getStatus()),
                Optional.ofNullable(r.getMessage()),
                Optional.ofNullable(r.getStackTrace()),
                Optional.ofNullable(r.getStartedAt()).map(Instant::ofEpochMilli),
                Optional.ofNullable(r.getDurationMs()).map(Duration::ofMillis),
                Optional.ofNullable(r.getFailureType()),
                output(r),
                Optional.ofNullable(r.getRack())
                        .map(rack -> new CellSetup(
                                rack, Optional.ofNullable(r.getTestprogram()), Optional.ofNullable(r.getHiveUid()))));
    }

    private static Optional<TestOutput> output(ResultsRecord r) {
        if (r.getStdout() == null && r.getStderr() == null && r.getReportEntries() == null) {
            return Optional.empty();
        }
        return Optional.of(new TestOutput(
                Objects.requireNonNullElse(r.getStdout(), ""),
                Objects.requireNonNullElse(r.getStderr(), ""),
                r.getReportEntries() == null ? List.of() : entries(r.getReportEntries())));
    }

    private static String entriesJson(List<ReportEntry> entries) {
        try {
            return JSON.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write report entries", e);
        }
    }

    private static List<ReportEntry> entries(String json) {
        try {
            return JSON.readValue(json, ENTRIES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored report entries are not JSON: " + e.getMessage(), e);
        }
    }
}
