package dev.hive.monitor.web;

import static dev.hive.monitor.web.AuthAndSystemRoutesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.task.CellSetup;
import dev.hive.monitor.task.QueueFullException;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunState;
import dev.hive.monitor.task.TestResult;
import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestStatus;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RunRoutesTest {

    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dataDir, 1_000_000, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void historyIsPagedNewestFirst() throws Exception {
        Run a = newRun();
        Run b = newRun();

        HttpResponse<String> r = server.get("/api/v1/runs?limit=1");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getJsonArray("runs")).hasSize(1);
        assertThat(body.getJsonArray("runs").getJsonObject(0).getLong("id")).isGreaterThanOrEqualTo(b.id());
        assertThat(body.getInteger("total")).isGreaterThanOrEqualTo(2);
        assertThat(a.id()).isLessThan(b.id());
    }

    @Test
    void aBadPageSizeIs400() throws Exception {
        assertError(server.get("/api/v1/runs?limit=0"), 400, "limit must be a whole number from 1 to 200, got '0'");
    }

    @Test
    void oneRunShowsStateAndResults() throws Exception {
        Run run = runWithResults();

        HttpResponse<String> r = server.get("/api/v1/runs/" + run.id());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("state")).isEqualTo("running");
        assertThat(body.getJsonArray("results")).hasSize(4);
        assertThat(body.getJsonArray("results").getJsonObject(1).getString("status"))
                .isEqualTo("FAILED");
    }

    @Test
    void aResultKeepsWhatTheTestSaidItsFailureTypeAndItsCellsSetup() throws Exception {
        Run run = newRun();
        TestResult r = result(run, "talks", "qemu-cortex-m3", TestStatus.FAILED, "boom");
        server.results.append(new TestResult(
                r.runId(),
                r.testId(),
                r.displayName(),
                r.className(),
                r.methodName(),
                r.channel(),
                r.probe(),
                r.probeSerial(),
                r.stack(),
                r.slot(),
                r.target(),
                r.status(),
                r.message(),
                r.stackTrace(),
                r.startedAt(),
                r.duration(),
                Optional.of("java.lang.AssertionError"),
                Optional.of(new TestOutput("hello\n", "careful\n", List.of(new ReportEntry("uid", "00ff")))),
                Optional.of(new CellSetup("rack-a", Optional.of("default"), Optional.of("00000000000000ff")))));
        server.results.append(result(run, "quiet", "qemu-cortex-m3", TestStatus.PASSED, null));

        JsonObject body = new JsonObject(server.get("/api/v1/runs/" + run.id()).body());

        JsonObject talks = body.getJsonArray("results").getJsonObject(0);
        assertThat(talks.getString("failureType")).isEqualTo("java.lang.AssertionError");
        assertThat(talks.getJsonObject("output").getMap())
                .isEqualTo(Map.of(
                        "stdout", "hello\n",
                        "stderr", "careful\n",
                        "reports", List.of(Map.of("key", "uid", "value", "00ff"))));
        assertThat(talks.getString("rack")).isEqualTo("rack-a");
        assertThat(talks.getString("testprogram")).isEqualTo("default");
        assertThat(talks.getString("hiveUid")).isEqualTo("00000000000000ff");
        JsonObject quiet = body.getJsonArray("results").getJsonObject(1);
        assertThat(quiet.fieldNames()).doesNotContain("output", "failureType", "rack");

        String xml = server.get("/api/v1/runs/" + run.id() + "/junit").body();
        assertThat(xml)
                .contains("<system-out>hello\n</system-out>")
                .contains("<property name=\"uid\" value=\"00ff\"")
                .contains("type=\"java.lang.AssertionError\"");
    }

    @Test
    void anUnknownRunIs404AndABadIdIs400() throws Exception {
        assertError(server.get("/api/v1/runs/999999"), 404, "there is no run 999999");
        assertError(server.get("/api/v1/runs/abc"), 400, "a run id is a positive whole number, got 'abc'");
    }

    @Test
    void junitHasOneSuitePerTargetAndProbe() throws Exception {
        Run run = runWithResults();

        HttpResponse<String> r = server.get("/api/v1/runs/" + run.id() + "/junit");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/xml"));
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element m3 = (Element) suites.item(0);
        assertThat(m3.getAttribute("name")).isEqualTo("qemu-cortex-m3 @ rsp-probe-0");
        assertThat(((Element) m3.getElementsByTagName("testcase").item(0)).getAttribute("name"))
                .isEqualTo("passes [qemu-cortex-m3 @ rsp-probe-0]");
        assertThat(m3.getAttribute("tests")).isEqualTo("3");
        assertThat(m3.getAttribute("failures")).isEqualTo("1");
        assertThat(m3.getAttribute("skipped")).isEqualTo("1");
        assertThat(m3.getElementsByTagName("failure").item(0).getTextContent()).contains("expected <1> & <2>");
        Element m4 = (Element) suites.item(1);
        assertThat(m4.getAttribute("errors")).isEqualTo("1");
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(4);
    }

    @Test
    void cancellingAQueuedRunEndsIt() throws Exception {
        Run run = newRun();
        server.queue.enqueue(run.id());

        HttpResponse<String> r =
                server.send(server.request("/api/v1/runs/" + run.id()).DELETE().build());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("state")).isEqualTo("cancelled");
        assertThat(server.queue.position(run.id())).isZero();
        assertThat(server.runs.find(run.id()).orElseThrow().state()).isEqualTo(RunState.CANCELLED);

        HttpResponse<String> again =
                server.send(server.request("/api/v1/runs/" + run.id()).DELETE().build());
        assertError(again, 409, "run " + run.id() + " has already ended (cancelled)");
    }

    @Test
    void cancellingARunningRunAsksTheTaskRunner() throws Exception {
        Run run = newRun();
        server.runs.transition(run.id(), RunState.RUNNING, Optional.empty());

        HttpResponse<String> r =
                server.send(server.request("/api/v1/runs/" + run.id()).DELETE().build());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(server.cancelledByRunner).contains(run.id());
    }

    @Test
    void tooManyPendingTicketsIs503WithRetryAfter() throws Exception {
        while (true) {
            try {
                server.tickets.issue(0);
            } catch (QueueFullException e) {
                break;
            }
        }

        HttpResponse<String> r = server.postMultipart(
                new TestServer.Multipart().file("runner", "application/java-archive", TestServer.runnerJar()));

        assertError(r, 503, "too many runs are waiting for their WebSocket (2); try again later");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("30");
    }

    private static Run newRun() {
        return server.runs.createQueued("{}", "ab".repeat(32), Optional.empty());
    }

    private static Run runWithResults() {
        Run run = newRun();
        server.runs.transition(run.id(), RunState.RUNNING, Optional.empty());
        server.results.append(result(run, "passes", "qemu-cortex-m3", TestStatus.PASSED, null));
        server.results.append(result(run, "fails", "qemu-cortex-m3", TestStatus.FAILED, "expected <1> & <2>"));
        server.results.append(result(run, "skipped", "qemu-cortex-m3", TestStatus.SKIPPED, null));
        server.results.append(result(run, "breaks", "qemu-cortex-m4", TestStatus.ERROR, "target lost"));
        return run;
    }

    private static TestResult result(Run run, String name, String target, TestStatus status, String message) {
        return new TestResult(
                run.id(),
                "dev.example.Tests#" + name,
                name,
                Optional.of("dev.example.Tests"),
                Optional.of(name),
                Optional.of(0),
                Optional.of("rsp-probe-0"),
                Optional.of("VP0"),
                Optional.of(0),
                Optional.of(0),
                Optional.of(target),
                status,
                Optional.ofNullable(message),
                Optional.ofNullable(message).map(m -> "AssertionError: " + m + "\n\tat Tests.java:12"),
                Optional.empty(),
                Optional.of(Duration.ofMillis(25)));
    }
}
