package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.cli.ExitCode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Black-box: the built CLI JAR as a process, against a real monitor process with a virtual rack of two QEMU boards
 * and two virtual probes (issue 5, "What must be shown"). One monitor and one CLI cache for the class; the tests run in
 * order because the second run of the example relies on the first one's cached runner.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HiveCliIT {

    private static final String ESC = "\u001b";
    private static final List<String> TARGETS = List.of("lm3s6965evb", "sifive_e");

    @TempDir
    static Path dir;

    private static MonitorProcess monitor;
    private static HiveProcess hive;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<HiveProcess.Result> OUTPUTS = new ArrayList<>();

    @BeforeAll
    static void startMonitor() throws Exception {
        monitor = MonitorProcess.start(dir.resolve("monitor"), List.of("it", "doomed"));
        hive = HiveProcess.against(monitor, "it", dir.resolve("user"));
    }

    @AfterAll
    static void stopMonitor() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
    }

    private static HiveProcess.Result hive(HiveProcess process, String... args) throws Exception {
        HiveProcess.Result result = process.run(args);
        OUTPUTS.add(result);
        if (!monitor.alive()) {
            throw new AssertionError("the monitor process died (exit " + monitor.process.exitValue() + "); hive said:\n"
                    + result.all() + "\nthe monitor's log ends:\n" + monitor.logTail(40));
        }
        return result;
    }

    private static String example() {
        return Fixtures.repoRoot().resolve("examples/rsp-probe").toString();
    }

    private static int runsOnTheMonitor() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(monitor.url() + "/api/v1/runs?limit=1"))
                                .header("Authorization", "Bearer " + monitor.token("it"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("total").asInt();
    }

    private static List<Element> suites(Path junit) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("testsuites");
        NodeList list = doc.getElementsByTagName("testsuite");
        List<Element> suites = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            suites.add((Element) list.item(i));
        }
        return suites;
    }

    @Test
    @Order(1)
    void listAndStatusShowTheRack() throws Exception {
        HiveProcess.Result list = hive(hive, "list");
        HiveProcess.Result status = hive(hive, "status");

        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.out()).contains("Probes (2)", "Targets (2)", "lm3s6965evb", "sifive_e", "hive-virtual-0");
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(status.out()).contains("Rack: 2 of 2 probes ready");
    }

    @Test
    @Order(2)
    void theExampleCandidatePassesOnEveryCellWithJUnitPerTargetAndProbe() throws Exception {
        Path junit = dir.resolve("example.xml");
        Path json = dir.resolve("example.json");

        HiveProcess.Result result =
                hive(hive, "test", example(), "--junit", junit.toString(), "--json", json.toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.OK);
        assertThat(result.out()).contains("Building the runner", "Run ", "Phase: RUNNING", "PASSED ");
        for (String target : TARGETS) {
            for (String probe : List.of("hive-virtual-0", "hive-virtual-1")) {
                assertThat(result.out())
                        .as("the cell %s x %s", target, probe)
                        .containsPattern(target + " \\(stack 0, slot \\d\\)\\n(?:.*\\n)*?  .*\\(S/N " + probe);
            }
        }
        List<Element> suites = suites(junit);
        assertThat(suites).hasSize(4);
        Set<String> names = new HashSet<>();
        suites.forEach(s -> names.add(s.getAttribute("name")));
        assertThat(names).hasSize(4).allMatch(n -> n.contains(" @ "));
        JsonNode run = JSON.readTree(json.toFile());
        assertThat(run.path("state").asText()).isEqualTo("finished");
        assertThat(run.path("results").size()).isGreaterThan(4);
    }

    @Test
    @Order(3)
    void anUnchangedCandidateDoesNotRunMavenAndFiltersLimitTheMatrix() throws Exception {
        // No Maven anywhere: the runner must come from the cache. The JAR is not sent again either.
        HiveProcess noMaven =
                HiveProcess.against(monitor, "it", dir.resolve("user")).env("PATH", "/nonexistent");
        Path junit = dir.resolve("filtered.xml");

        HiveProcess.Result result = hive(
                noMaven,
                "test",
                example(),
                "--include-targets",
                "lm3s*",
                "--exclude-probes",
                "hive-virtual-1",
                "--junit",
                junit.toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.OK);
        assertThat(result.out())
                .contains("Reused the runner", "already holds this runner")
                .doesNotContain("Building")
                .doesNotContain("sifive_e")
                .doesNotContain("hive-virtual-1");
        List<Element> suites = suites(junit);
        assertThat(suites).hasSize(1);
        assertThat(suites.get(0).getAttribute("name")).contains("lm3s6965evb");
    }

    @Test
    @Order(4)
    void aFailingHiveTestIsExit1WithItsMessage() throws Exception {
        HiveProcess.Result result =
                hive(hive, "test", Fixtures.fixture("failing-test").toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.TESTS_FAILED);
        assertThat(result.out())
                .contains("FAILED ")
                .contains("the probe library counts four channels on lm3s6965evb ==> expected: <4> but was: <3>");

        HiveProcess.Result again = hive(hive, "result", result.out().replaceAll("(?s).*Run (\\d+) submitted.*", "$1"));
        assertThat(again.exitCode()).as(again.all()).isEqualTo(ExitCode.TESTS_FAILED);
        assertThat(again.out()).contains("expected: <4> but was: <3>");
    }

    @Test
    @Order(5)
    void aCompileErrorIsExit3WithTheCompilersMessageAndNoUpload() throws Exception {
        int before = runsOnTheMonitor();

        HiveProcess.Result result =
                hive(hive, "test", Fixtures.fixture("compile-error").toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.BUILD_FAILED);
        assertThat(result.err()).contains("incompatible types: int cannot be converted to java.lang.String");
        assertThat(runsOnTheMonitor()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void aCandidateWithAParentPomAndJacksonBuildsAndRuns() throws Exception {
        HiveProcess.Result result =
                hive(hive, "test", Fixtures.fixture("parent-jackson").toString(), "--module", "probe-lib");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.OK);
        assertThat(result.out())
                .contains("TargetReportTest > describesTheTarget")
                .contains("0 failed");
    }

    @Test
    @Order(7)
    void ctrlCWhileQueuedCancelsTheRunAndWhileRunningLeavesItGoing() throws Exception {
        HiveProcess.Running busy = hive.start("test", example());
        awaitOutput(busy, "Phase: RUNNING");
        HiveProcess.Running waiting =
                hive.start("test", Fixtures.fixture("failing-test").toString());
        awaitOutput(waiting, "Queued: position");

        waiting.process().destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
        HiveProcess.Result interrupted = waiting.await();
        OUTPUTS.add(interrupted);
        assertThat(busy.await().exitCode()).isEqualTo(ExitCode.OK);

        String runId = interrupted.out().replaceAll("(?s).*Run (\\d+) submitted.*", "$1");
        HiveProcess.Result record = hive(hive, "runs", "--limit", "5");
        if (interrupted.out().contains("Phase:")) {
            // The rack took it before the signal arrived: the run goes on and can be fetched.
            assertThat(interrupted.err()).contains("Run " + runId + " goes on", "hive result " + runId);
        } else {
            assertThat(interrupted.err()).contains("Cancelled run " + runId + " (it was still queued)");
            assertThat(record.out()).containsPattern("(?m)^" + runId + "\\s+cancelled\\s");
        }
    }

    private static void awaitOutput(HiveProcess.Running running, String text) throws Exception {
        for (int i = 0; i < 600 && !running.outSoFar().contains(text); i++) {
            assertThat(running.process().isAlive())
                    .as("hive ended before printing '%s': %s", text, running.outSoFar())
                    .isTrue();
            Thread.sleep(100);
        }
        assertThat(running.outSoFar()).contains(text);
    }

    @Test
    @Order(8)
    void connectStoresTheMonitorAndTheTokenForTheOtherCommands() throws Exception {
        HiveProcess fresh = new HiveProcess(dir.resolve("fresh"));
        Files.createDirectories(dir.resolve("fresh"));

        HiveProcess.Result connect = hive(fresh, "connect", monitor.url(), "--token", monitor.token("it"));
        HiveProcess.Result list = hive(fresh, "list");

        assertThat(connect.exitCode()).as(connect.all()).isZero();
        assertThat(connect.out()).contains("the token was accepted");
        Path credentials = dir.resolve("fresh/config/hive/credentials");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
                .isEqualTo("rw-------");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.out()).contains("lm3s6965evb");
    }

    @Test
    @Order(9)
    void aMonitorThatIsDownIsExit4WithAClearMessage() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        HiveProcess down = new HiveProcess(dir.resolve("user"))
                .env("HIVE_URL", "http://127.0.0.1:" + port)
                .env("HIVE_TOKEN", "t");

        HiveProcess.Result result = hive(down, "test", example());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(result.err())
                .contains("cannot reach the monitor at http://127.0.0.1:" + port + ": connection refused")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    @Order(10)
    void aRevokedTokenIsExit4SayingSo() throws Exception {
        // Not used before it is revoked: the monitor remembers valid tokens for a few seconds.
        HiveProcess before = new HiveProcess(dir.resolve("user"))
                .env("HIVE_URL", monitor.url())
                .env("HIVE_TOKEN", monitor.token("doomed"));
        Process revoke = new ProcessBuilder(
                        "sqlite3",
                        monitor.database().toString(),
                        "UPDATE api_tokens SET revoked = 1 WHERE name = 'doomed'")
                .inheritIO()
                .start();
        assertThat(revoke.waitFor()).isZero();

        HiveProcess.Result result = hive(before, "test", example());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(result.err()).contains("refused the API token").contains("the API token has been revoked");
    }

    @Test
    @Order(11)
    void outputWithoutATerminalHasNoEscapeCodes() {
        assertThat(OUTPUTS).isNotEmpty();
        for (HiveProcess.Result result : OUTPUTS) {
            assertThat(result.out() + result.err()).doesNotContain(ESC);
        }
    }
}
