package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a user of {@code hive test --junit --json} reads after a run, checked for "every result exactly once": the
 * live result lines of the console, the JUnit XML's test cases and totals, and the JSON's results. Shared by the
 * tests that cut the CLI's connection mid-run (to one monitor, and to a fleet's front).
 */
final class EveryResultOnce {

    private EveryResultOnce() {}

    /**
     * Runs {@code hive test --junit --json} on the example candidate against {@code url} through a {@link CutProxy}
     * that severs the connection after the first {@code testFinished} frame, and asserts the cut happened, the CLI
     * re-attached once per retry line and exited 0. Answers what the CLI printed.
     */
    static HiveProcess.Result cutOffRun(Path home, String url, String token, Path junit, Path json) throws Exception {
        HiveProcess.Result result;
        try (CutProxy proxy = CutProxy.to(url, "\"type\":\"testFinished\"")) {
            HiveProcess hive = new HiveProcess(Files.createDirectories(home))
                    .env("HIVE_URL", proxy.url())
                    .env("HIVE_TOKEN", token);
            result = hive.run(
                    "test",
                    Fixtures.repoRoot().resolve("examples/rsp-probe").toString(),
                    "--junit",
                    junit.toString(),
                    "--json",
                    json.toString());
            assertThat(proxy.cut())
                    .as("the proxy cut the connection mid-run\n" + result.all())
                    .isTrue();
        }
        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.OK);
        assertThat(result.err())
                .as("one line per retry on stderr")
                .containsPattern("hive: .*; re-attaching to run \\d+ after event \\d+ in \\d+ ms \\(try 1 of 8\\)");
        return result;
    }

    /** Asserts the run finished with every result once in all three, none failed; answers the JSON run. */
    static JsonNode check(HiveProcess.Result result, Path junit, Path json) throws Exception {
        JsonNode run = new ObjectMapper().readTree(json.toFile());
        assertThat(run.path("state").asText()).as(result.all()).isEqualTo("finished");
        int results = run.path("results").size();
        assertThat(results).as(result.all()).isGreaterThan(4);

        // the console: every live result line once, no more, no fewer
        assertThat(liveLines(result)).as(result.out()).doesNotHaveDuplicates().hasSize(results);

        // the JUnit XML: every test once, and the totals right
        Document doc = junit(junit);
        NodeList suites = doc.getElementsByTagName("testsuite");
        int tests = 0;
        int failures = 0;
        for (int i = 0; i < suites.getLength(); i++) {
            Element suite = (Element) suites.item(i);
            tests += Integer.parseInt(suite.getAttribute("tests"));
            failures +=
                    Integer.parseInt(suite.getAttribute("failures")) + Integer.parseInt(suite.getAttribute("errors"));
        }
        NodeList cases = doc.getElementsByTagName("testcase");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            Element suite = (Element) c.getParentNode();
            keys.add(suite.getAttribute("name") + "|" + c.getAttribute("classname") + "|" + c.getAttribute("name"));
        }
        assertThat(keys).doesNotHaveDuplicates().hasSize(results);
        assertThat(tests).isEqualTo(results);
        assertThat(failures).isZero();
        return run;
    }

    /** The console's live result lines ({@code PASSED  Test @ target / probe ...}). */
    static List<String> liveLines(HiveProcess.Result result) {
        return result.out()
                .lines()
                .filter(l -> l.matches("(PASSED|FAILED|SKIPPED|ERROR) +\\S+ @ .*"))
                .toList();
    }

    static Document junit(Path junit) throws Exception {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        } catch (IOException e) {
            throw new AssertionError("no JUnit XML at " + junit, e);
        }
    }
}
