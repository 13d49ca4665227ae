package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.cli.ExitCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: every JUnit Jupiter feature in a hive suite (the {@code junit-features} fixture) through {@code hive
 * test} against a real monitor with a virtual rack of two QEMU boards (lm3s6965evb, ARM; sifive_e, RISC-V) and two
 * virtual probes: the exact result matrix, the selection options, {@code --list} without a monitor, and the errors
 * found before upload. One monitor and one CLI cache for the class; the tests run in order because later ones reuse
 * the runner the first one built.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JunitFeaturesIT {

    private static final List<String> TARGETS = List.of("lm3s6965evb", "sifive_e");
    private static final List<String> PROBES = List.of("hive-virtual-0", "hive-virtual-1");
    private static final String FEATURES = "fixture.features.hive.FeaturesTest";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static MonitorProcess monitor;
    private static HiveProcess hive;

    @BeforeAll
    static void startMonitor() throws Exception {
        monitor = MonitorProcess.start(dir.resolve("monitor"), List.of("it"));
        hive = HiveProcess.against(monitor, "it", dir.resolve("user"));
    }

    @AfterAll
    static void stopMonitor() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
    }

    private static String features() {
        return Fixtures.fixture("junit-features").toString();
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

    /** The statuses of a run's results, keyed "display name @ target @ probe"; a second result for a key fails. */
    private static Map<String, String> matrix(Path json) throws Exception {
        Map<String, String> matrix = new TreeMap<>();
        for (JsonNode r : JSON.readTree(json.toFile()).path("results")) {
            String key = r.path("displayName").asText() + " @ "
                    + r.path("target").asText() + " @ " + r.path("probeSerial").asText();
            assertThat(matrix.put(key, r.path("status").asText()))
                    .as("one result for %s", key)
                    .isNull();
        }
        return matrix;
    }

    private static Map<String, String> message(Path json, String displayName) throws Exception {
        Map<String, String> messages = new TreeMap<>();
        for (JsonNode r : JSON.readTree(json.toFile()).path("results")) {
            if (r.path("displayName").asText().equals(displayName)) {
                messages.put(
                        r.path("target").asText() + " @ "
                                + r.path("probeSerial").asText(),
                        r.path("message").asText());
            }
        }
        return messages;
    }

    /** What every cell holds: the same statuses on every probe, some depending on the target's architecture. */
    private static Map<String, String> expected(Map<String, String> arm, Map<String, String> riscv) {
        Map<String, String> matrix = new TreeMap<>();
        for (String probe : PROBES) {
            arm.forEach((test, status) -> matrix.put(test + " @ lm3s6965evb @ " + probe, status));
            riscv.forEach((test, status) -> matrix.put(test + " @ sifive_e @ " + probe, status));
        }
        return matrix;
    }

    private static Map<String, String> everyTest(boolean arm) {
        Map<String, String> tests = new TreeMap<>();
        tests.put("doubles(int, TargetInfo) 2", "PASSED");
        tests.put("doubles(int, TargetInfo) 4", "PASSED");
        tests.put("csv(String, int, ProbeInfo, TargetInfo) one is 1", "PASSED");
        tests.put("csv(String, int, ProbeInfo, TargetInfo) two is 2", "PASSED");
        tests.put("repeated(RepetitionInfo, ProbeInfo) repetition 1 of 2", "PASSED");
        tests.put("repeated(RepetitionInfo, ProbeInfo) repetition 2 of 2", "PASSED");
        tests.put("perTarget(TargetInfo) names the target", "PASSED");
        tests.put("perTarget(TargetInfo) runs on ARM", arm ? "PASSED" : "FAILED");
        tests.put("a shown name", "PASSED");
        tests.put("disabled()", "SKIPPED");
        tests.put("assumesArm(TargetInfo)", arm ? "PASSED" : "SKIPPED");
        tests.put("slow()", "PASSED");
        tests.put("hasAChannel(TestChannel)", "PASSED");
        tests.put("other()", "PASSED");
        return tests;
    }

    @Test
    @Order(1)
    void listPrintsTheSelectedTestsWithoutAMonitor() throws Exception {
        HiveProcess offline = new HiveProcess(dir.resolve("user")).env("HIVE_URL", "http://127.0.0.1:9");

        HiveProcess.Result all = offline.run("test", features(), "--list");
        HiveProcess.Result uart = offline.run("test", features(), "--list", "--include-tags", "uart");

        assertThat(all.exitCode()).as(all.all()).isEqualTo(ExitCode.OK);
        assertThat(all.out())
                .contains(
                        "every feature > doubles(int, TargetInfo)  [board]  " + FEATURES + "#doubles",
                        "every feature > perTarget(TargetInfo)  [board]",
                        "every feature > a shown name  [board]",
                        "every feature > slow()  [board, slow]",
                        "every feature > the UART > hasAChannel(TestChannel)  [board, uart]",
                        "OtherTest > other()  fixture.features.hive.OtherTest#other",
                        "10 test(s) in 2 class(es) would run on every probe x target.");
        assertThat(uart.exitCode()).as(uart.all()).isEqualTo(ExitCode.OK);
        assertThat(uart.out())
                .contains("Reused the runner", "the UART > hasAChannel(TestChannel)", "1 test(s) in 1 class(es)")
                .doesNotContain("slow()");
        assertThat(runsOnTheMonitor()).isZero();
    }

    @Test
    @Order(2)
    void everyFeatureGivesOneResultPerTestProbeAndTarget() throws Exception {
        Path json = dir.resolve("all.json");

        HiveProcess.Result result = hive.run("test", features(), "--json", json.toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.TESTS_FAILED);
        assertThat(matrix(json)).isEqualTo(expected(everyTest(true), everyTest(false)));
        assertThat(message(json, "disabled()").values()).hasSize(4).containsOnly("not on this rack");
        assertThat(message(json, "assumesArm(TargetInfo)"))
                .containsEntry("sifive_e @ hive-virtual-0", "Assumption failed: needs an ARM core")
                .containsEntry("sifive_e @ hive-virtual-1", "Assumption failed: needs an ARM core");
        assertThat(message(json, "perTarget(TargetInfo) runs on ARM"))
                .containsEntry(
                        "sifive_e @ hive-virtual-1", "sifive_e is not ARM ==> expected: <true> but was: <false>");
    }

    @Test
    @Order(3)
    void selectAndTagsNarrowTheRunOnTheRack() throws Exception {
        Path selected = dir.resolve("selected.json");
        Path tagged = dir.resolve("tagged.json");

        HiveProcess.Result select = hive.run(
                "test",
                features(),
                "--select",
                FEATURES + "#displayed,fixture.features.hive.OtherTest",
                "--json",
                selected.toString());
        HiveProcess.Result tags = hive.run(
                "test",
                features(),
                "--include-tags",
                "board",
                "--exclude-tags",
                "slow | uart",
                "--json",
                tagged.toString());

        assertThat(select.exitCode()).as(select.all()).isEqualTo(ExitCode.OK);
        Map<String, String> two = Map.of("a shown name", "PASSED", "other()", "PASSED");
        assertThat(matrix(selected)).isEqualTo(expected(two, two));
        assertThat(tags.exitCode()).as(tags.all()).isEqualTo(ExitCode.TESTS_FAILED);
        Map<String, String> arm = everyTest(true);
        Map<String, String> riscv = everyTest(false);
        for (String left : List.of("slow()", "hasAChannel(TestChannel)", "other()")) {
            arm.remove(left);
            riscv.remove(left);
        }
        assertThat(matrix(tagged)).isEqualTo(expected(arm, riscv));
    }

    @Test
    @Order(4)
    void aSelectionNamingAMissingClassIsExit2BeforeUpload() throws Exception {
        int before = runsOnTheMonitor();

        HiveProcess.Result result = hive.run("test", features(), "--select", "fixture.features.hive.MissingTest");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err())
                .contains("--select fixture.features.hive.MissingTest: the runner holds no hive test class"
                        + " fixture.features.hive.MissingTest");
        assertThat(runsOnTheMonitor()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void aParameterNothingResolvesIsExit2NamingFileAndMethodAndNothingIsUploaded() throws Exception {
        int before = runsOnTheMonitor();
        Path file = Fixtures.fixture("bad-parameter").resolve("src/hive/java/fixture/bad/hive/ProbeTest.java");

        HiveProcess.Result first =
                hive.run("test", Fixtures.fixture("bad-parameter").toString());
        HiveProcess.Result again =
                hive.run("test", Fixtures.fixture("bad-parameter").toString());

        for (HiveProcess.Result result : List.of(first, again)) {
            assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err())
                    .contains("hive: error: " + file + ": fixture.bad.hive.ProbeTest#takesTheProbe: parameter 2"
                            + " (fixture.bad.Probe) of takesTheProbe: nothing resolves this type on the rack")
                    .contains("1 problem in the hive tests (above); nothing was uploaded");
        }
        assertThat(again.out()).contains("Reused the runner");
        assertThat(runsOnTheMonitor()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void aTestClassWithoutHiveTestIsExit2NamingFileAndMethodAndNothingIsUploaded() throws Exception {
        int before = runsOnTheMonitor();
        Path file = Fixtures.fixture("no-hive-test").resolve("src/hive/java/fixture/plain/hive/ForgottenTest.java");

        HiveProcess.Result result =
                hive.run("test", Fixtures.fixture("no-hive-test").toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err())
                .contains("hive: error: " + file + ": fixture.plain.hive.ForgottenTest#wouldRunNowhere:"
                        + " fixture.plain.hive.ForgottenTest has tests (wouldRunNowhere, ...) but no @HiveTest");
        assertThat(runsOnTheMonitor()).isEqualTo(before);
        assertThat(new TreeSet<>(List.of(result.out().split("\n")))).noneMatch(line -> line.startsWith("Run "));
    }
}
