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
    }
}
