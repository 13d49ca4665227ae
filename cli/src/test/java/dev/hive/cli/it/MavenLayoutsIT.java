package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Candidates laid out as libraries written elsewhere are (issue 12): a multi-module reactor whose tested module
 * depends on a sibling, a CI-friendly {@code ${revision}} version overridden in {@code .mvn/maven.config} (with
 * {@code jvm.config} and a core extension in {@code extensions.xml}), and hive tests written with the candidate's
 * test-scoped AssertJ and Hamcrest. Each is built by the CLI JAR as a process with real Maven, nothing installed
 * beforehand, and run on a real monitor with a virtual rack of two boards and two probes; the matrix of results is
 * asserted exactly.
 */
class MavenLayoutsIT {

    private static final List<String> TARGETS = List.of("lm3s6965evb", "sifive_e");
    private static final List<String> PROBES = List.of("hive-virtual-0", "hive-virtual-1");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JAR = Pattern.compile("(/\\S+/runner\\.jar)");

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

    /** Every test of {@code tests} PASSED on every target × probe, and nothing else. */
    private static Map<String, String> allPassed(String className, String... tests) {
        Map<String, String> expected = new TreeMap<>();
        for (String test : tests) {
            for (String target : TARGETS) {
                for (String probe : PROBES) {
                    expected.put(className + "#" + test + " " + target + " @ " + probe, "PASSED");
                }
            }
        }
        return expected;
    }

    private static Map<String, String> matrix(Path json) throws IOException {
        JsonNode run = JSON.readTree(json.toFile());
        assertThat(run.path("state").asText()).as(run.toPrettyString()).isEqualTo("finished");
        Map<String, String> matrix = new TreeMap<>();
        for (JsonNode r : run.path("results")) {
            String key =
                    r.path("className").asText() + "#" + r.path("methodName").asText() + " "
                            + r.path("target").asText() + " @ "
                            + r.path("probeSerial").asText();
            assertThat(matrix.put(key, r.path("status").asText()))
                    .as("one result for " + key)
                    .isNull();
        }
        return matrix;
    }

    private static Map<String, String> runOnTheRack(Path candidate, String... options) throws Exception {
        Path json = Files.createTempFile(dir, "run", ".json");
        List<String> args = new java.util.ArrayList<>(List.of("test", candidate.toString(), "--json", json.toString()));
        args.addAll(List.of(options));
        HiveProcess.Result result = hive.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.OK);
        return matrix(json);
    }

    private static Properties properties(Path jar, String entry) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Properties p = new Properties();
            p.load(file.getInputStream(file.getEntry(entry)));
            return p;
        }
    }

    private static Path jarOf(HiveProcess.Result result) {
        Matcher m = JAR.matcher(result.out());
        assertThat(m.find()).as("the runner's path in: %s", result.all()).isTrue();
        return Path.of(m.group(1));
    }

    private static boolean inLocalRepository(String groupPath) {
        return Files.exists(Path.of(System.getProperty("user.home"), ".m2/repository", groupPath));
    }

    @Test
    void aModuleThatDependsOnASiblingIsBuiltWithItInOneReactorAndPasses() throws Exception {
        Path candidate = Fixtures.copy("reactor-siblings", dir.resolve("src"));
        var before = Fixtures.snapshot(candidate);

        assertThat(runOnTheRack(candidate, "--module", "probe-core"))
                .isEqualTo(allPassed(
                        "fixture.reactor.core.hive.PacketsTest",
                        "writesTheUidWordIntoRam",
                        "asksTheProbeForTheTargetsName"));
        assertThat(Fixtures.snapshot(candidate)).as("the candidate's tree").isEqualTo(before);
        assertThat(inLocalRepository("fixture/reactor"))
                .as("no module of the candidate installed")
                .isFalse();

        // From inside the module, without --module: the reactor above it is found; a sibling edit rebuilds.
        Path util = candidate.resolve("codec-util/src/main/java/fixture/reactor/util/HexWords.java");
        Files.writeString(util, Files.readString(util).replace("Hex text of words", "Hex text of 32-bit words"));
        HiveProcess.Result edited =
                hive.run("test", "--build-only", candidate.resolve("probe-core").toString());
        assertThat(edited.exitCode()).as(edited.all()).isEqualTo(ExitCode.OK);
        assertThat(edited.out()).contains("Built the runner").doesNotContain("Reused");
        HiveProcess.Result again =
                hive.run("test", "--build-only", candidate.resolve("probe-core").toString());
        assertThat(again.out()).contains("Reused the runner");
    }

    @Test
    void aCiFriendlyVersionTakesItsValuesFromMavenConfigAndFromDashD() throws Exception {
        Path candidate = Fixtures.copy("ci-friendly", dir.resolve("src"));

        assertThat(runOnTheRack(candidate))
                .isEqualTo(allPassed(
                        "fixture.revision.hive.BuildFactsTest",
                        "theLibraryWasBuiltWithTheVersionOfMavenConfig",
                        "theBuildReadJvmConfigAndTheCoreExtension"));

        HiveProcess.Result plain = hive.run("test", "--build-only", candidate.toString());
        Properties facts = properties(jarOf(plain), "fixture/revision/build.properties");
        assertThat(facts)
                .containsEntry("version", "2.1.0-SNAPSHOT")
                .containsEntry("jvm.config", "honoured")
                .containsEntry("os", "linux")
                .containsEntry("flavour", "plain");

        HiveProcess.Result given = hive.run(
                "test", "--build-only", "-Drevision=3.0.0", "-Dchangelist=", "-Pflavoured", candidate.toString());
        assertThat(given.exitCode()).as(given.all()).isEqualTo(ExitCode.OK);
        assertThat(properties(jarOf(given), "fixture/revision/build.properties"))
                .containsEntry("version", "3.0.0")
                .containsEntry("flavour", "flavoured");
    }

    @Test
    void hiveTestsUseTheCandidatesTestScopedDependencies() throws Exception {
        Path candidate = Fixtures.copy("test-scoped", dir.resolve("src"));

        assertThat(runOnTheRack(candidate))
                .isEqualTo(allPassed(
                        "fixture.testscope.hive.RegisterFileTest",
                        "everyArchitectureHasAProgramCounter",
                        "theStackPointerIsNamedAsGdbNamesIt"));
    }
}
