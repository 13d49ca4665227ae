package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.Queued;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.events.TestStarted;
import dev.hive.protocol.run.RunPhase;
import dev.hive.protocol.run.TestStatus;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** A complete run of the example candidate's runner over HTTP and WebSocket, on a real monitor and rack. */
class MonitorRunIT {

    @TempDir
    static Path dir;

    static LiveMonitor live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir, "");
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void everyResultIsStreamedStoredAndInTheJunitXml() throws Exception {
        RunStream stream = live.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(3));

        RunEnded ended = stream.awaitEnded(Duration.ZERO);
        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        assertThat(stream.closed.get()).isEqualTo(1000);
        assertThat(stream.events.get(0)).isInstanceOf(Queued.class);
        assertThat(stream.all(PhaseChanged.class).stream().map(PhaseChanged::phase))
                .containsSubsequence(RunPhase.PREPARING, RunPhase.RUNNING, RunPhase.COLLECTING, RunPhase.RESTORING);

        List<TestFinished> finished = stream.all(TestFinished.class);
        List<TestStarted> started = stream.all(TestStarted.class);
        long skippedResults = finished.stream()
                .filter(f -> f.result().status() == TestStatus.SKIPPED)
                .count();
        assertThat(finished).isNotEmpty();
        assertThat(started).as("a skipped test never starts").hasSize(finished.size() - (int) skippedResults);
        assertThat(ended.summary().total()).isEqualTo(finished.size());
        assertThat(ended.summary().errors()).isZero();
        assertThat(ended.summary().failed()).isZero();
        Set<String> cells = new HashSet<>();
        finished.forEach(f ->
                cells.add(f.result().cell().target() + " @ " + f.result().cell().probe()));
        assertThat(cells).as("every probe x target").hasSize(4);

        long runId = ended.runId();
        JsonNode run = live.getJson("/api/v1/runs/" + runId);
        assertThat(run.get("state").asText()).isEqualTo("finished");
        assertThat(run.get("results")).hasSize(finished.size());
        assertThat(run.get("summary").get("passed").asInt())
                .isEqualTo(ended.summary().passed());

        HttpResponse<String> junit = live.get("/api/v1/runs/" + runId + "/junit");
        assertThat(junit.statusCode()).isEqualTo(200);
        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new InputSource(new StringReader(junit.body())));
        NodeList suites = xml.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(4);
        int cases = 0;
        int skipped = 0;
        for (int i = 0; i < suites.getLength(); i++) {
            Element suite = (Element) suites.item(i);
            cases += Integer.parseInt(suite.getAttribute("tests"));
            skipped += Integer.parseInt(suite.getAttribute("skipped"));
        }
        assertThat(cases).isEqualTo(finished.size());
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(finished.size());
        assertThat(skipped).isEqualTo((int) finished.stream()
                .filter(f -> f.result().status() == TestStatus.SKIPPED)
                .count());
        Set<String> keys = new HashSet<>();
        NodeList testcases = xml.getElementsByTagName("testcase");
        for (int i = 0; i < testcases.getLength(); i++) {
            Element testcase = (Element) testcases.item(i);
            keys.add(testcase.getAttribute("classname") + "#" + testcase.getAttribute("name"));
        }
        assertThat(keys).as("class + name tell every cell's result apart").hasSize(finished.size());
    }

    @Test
    void whatATestPrintsAndReportsIsKeptWithItsResultAndInTheJunitXml() throws Exception {
        RunStream stream = live.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(3));
        RunEnded ended = stream.awaitEnded(Duration.ZERO);
        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");

        JsonNode run = live.getJson("/api/v1/runs/" + ended.runId());
        List<JsonNode> uidTests = new java.util.ArrayList<>();
        run.get("results").forEach(r -> {
            if (r.get("methodName").asText().equals("theTargetRunsThisBuildOfTheTestprogram")) {
                uidTests.add(r);
            }
        });
        assertThat(uidTests).as("one per cell").hasSize(4);
        for (JsonNode r : uidTests) {
            String uid = r.get("hiveUid").asText();
            assertThat(uid).as("the monitor's own record of the cell").matches("[0-9a-f]{16}");
            JsonNode output = r.get("output");
            assertThat(output.get("stdout").asText()).isEqualTo("HIVE_UID read through the probe: 0x" + uid + "\n");
            assertThat(output.get("reports").get(0).get("key").asText()).isEqualTo("HIVE_UID");
            assertThat(output.get("reports").get(0).get("value").asText()).isEqualTo(uid);
        }

        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new InputSource(new StringReader(
                        live.get("/api/v1/runs/" + ended.runId() + "/junit").body())));
        NodeList testcases = xml.getElementsByTagName("testcase");
        int withOutput = 0;
        for (int i = 0; i < testcases.getLength(); i++) {
            Element testcase = (Element) testcases.item(i);
            if (!testcase.getAttribute("name").startsWith("theTargetRunsThisBuildOfTheTestprogram(")) {
                continue;
            }
            withOutput++;
            Element suite = (Element) testcase.getParentNode();
            String uid = suiteProperty(suite, "HIVE_UID");
            assertThat(testcase.getElementsByTagName("system-out").item(0).getTextContent())
                    .isEqualTo("HIVE_UID read through the probe: 0x" + uid + "\n");
            Element property =
                    (Element) testcase.getElementsByTagName("property").item(0);
            assertThat(property.getAttribute("name")).isEqualTo("HIVE_UID");
            assertThat(property.getAttribute("value")).isEqualTo(uid);
        }
        assertThat(withOutput).isEqualTo(4);
    }

    private static String suiteProperty(Element suite, String name) {
        NodeList properties =
                ((Element) suite.getElementsByTagName("properties").item(0)).getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element p = (Element) properties.item(i);
            if (p.getAttribute("name").equals(name) && p.getParentNode().getParentNode() == suite) {
                return p.getAttribute("value");
            }
        }
        throw new AssertionError("suite " + suite.getAttribute("name") + " has no property " + name);
    }
}
