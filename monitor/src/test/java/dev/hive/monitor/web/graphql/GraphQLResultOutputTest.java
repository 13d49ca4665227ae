package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.task.CellSetup;
import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.TestResult;
import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result's failure type and captured output (stdout, stderr, report entries) in GraphQL, against a real monitor. */
class GraphQLResultOutputTest {

    @TempDir
    static Path dir;

    static GraphQLMonitor monitor;
    static InProcess gql;
    static Viewer maintainer;

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(dir, GraphQLStaticRackTest.RACK_FILE, "");
        gql = new InProcess(monitor.monitor.graphQLDependencies());
        maintainer = InProcess.as(monitor.user(GraphQLMonitor.MAINTAINER));
    }

    @AfterAll
    static void stop() {
        if (gql != null) {
            gql.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    @Test
    void aResultCarriesItsFailureTypeAndWhatTheTestSaid() {
        Database db = monitor.monitor.database();
        long run = new RunRepository(db, Clock.systemUTC())
                .createQueued("{}", "a".repeat(64), Optional.empty())
                .id();
        ResultRepository results = new ResultRepository(db);
        results.append(result(
                run,
                "talks",
                TestStatus.FAILED,
                Optional.of("java.lang.AssertionError"),
                Optional.of(new TestOutput(
                        "hello\n", "careful\n", List.of(new ReportEntry("uid", "00ff"), new ReportEntry("n", "2"))))));
        results.append(result(run, "quiet", TestStatus.PASSED, Optional.empty(), Optional.empty()));

        List<?> rows = (List<?>) ((Map<?, ?>) gql.data(
                                maintainer,
                                "{ run(id: " + run + ") { results { displayName failureType stdout stderr"
                                        + " reports { key value } } } }")
                        .get("run"))
                .get("results");

        assertThat(rows.get(0))
                .isEqualTo(Map.of(
                        "displayName", "talks",
                        "failureType", "java.lang.AssertionError",
                        "stdout", "hello\n",
                        "stderr", "careful\n",
                        "reports", List.of(Map.of("key", "uid", "value", "00ff"), Map.of("key", "n", "value", "2"))));
        Map<String, Object> quiet = new HashMap<>();
        quiet.put("displayName", "quiet");
        quiet.put("failureType", null);
        quiet.put("stdout", "");
        quiet.put("stderr", "");
        quiet.put("reports", List.of());
        assertThat(rows.get(1)).isEqualTo(quiet);
    }

    private static TestResult result(
            long run, String name, TestStatus status, Optional<String> failureType, Optional<TestOutput> output) {
        return new TestResult(
                run,
                "dev.example.Tests#" + name,
                name,
                Optional.of("dev.example.Tests"),
                Optional.of(name),
                Optional.of(0),
                Optional.of("rsp-probe-0"),
                Optional.of("VP0"),
                Optional.of(0),
                Optional.of(0),
                Optional.of("lm3s6965evb"),
                status,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(Duration.ofMillis(25)),
                failureType,
                output,
                Optional.<CellSetup>empty());
    }
}
