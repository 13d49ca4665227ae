package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.task.RunRepository;
import dev.hive.rack.model.SlotAddress;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Subscriptions over graphql-ws on /graphql/ws, with a real WebSocket client against a whole monitor. */
class GraphQLSubscriptionTest {

    @TempDir
    static Path dir;

    static GraphQLMonitor monitor;

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(dir);
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private static Browser loggedIn() throws Exception {
        Browser browser = new Browser(monitor.base);
        assertThat(browser.login(GraphQLMonitor.MAINTAINER, GraphQLMonitor.PASSWORD)
                        .status())
                .isEqualTo(200);
        return browser;
    }

    private static GraphQLWsClient connected(Browser browser) throws Exception {
        GraphQLWsClient ws = GraphQLWsClient.open(browser);
        ws.send(Map.of("type", "connection_init", "payload", Map.of("csrfToken", browser.cookies.get("hive_csrf"))));
        assertThat(ws.next(10).get("type").asText()).isEqualTo("connection_ack");
        return ws;
    }

    private static JsonNode nextData(GraphQLWsClient ws, String id) throws InterruptedException {
        while (true) {
            JsonNode m = ws.next(30);
            if (m.path("id").asText().equals(id)) {
                assertThat(m.get("type").asText()).as(m.toString()).isEqualTo("next");
                return m.at("/payload/data");
            }
        }
    }

    @Test
    void theUpgradeWithoutASessionIsRefused() {
        Browser anonymous = new Browser(monitor.base);
        assertThatThrownBy(() -> GraphQLWsClient.open(anonymous))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }

    @Test
    void connectionInitWithoutTheCsrfTokenIsClosedWith4401() throws Exception {
        Browser browser = loggedIn();
        try (GraphQLWsClient ws = GraphQLWsClient.open(browser)) {
            ws.send(Map.of("type", "connection_init", "payload", Map.of("csrfToken", "guessed")));
            assertThat(ws.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4401);
        }
    }

    @Test
    void logAddedStreamsNewMonitorLogLinesAsPlainData() throws Exception {
        Browser browser = loggedIn();
        try (GraphQLWsClient ws = connected(browser)) {
            ws.send(Map.of(
                    "id",
                    "logs",
                    "type",
                    "subscribe",
                    "payload",
                    Map.of("query", "subscription { logAdded(source: MONITOR, level: WARN) { id level message } }")));
            Thread.sleep(300); // the subscription is registered asynchronously
            LoggerFactory.getLogger("dev.hive.test").info("an info line nobody subscribed to");
            LoggerFactory.getLogger("dev.hive.test").warn("live <script>alert(1)</script> line");
            JsonNode entry = nextData(ws, "logs").get("logAdded");
            assertThat(entry.get("level").asText()).isEqualTo("WARN");
            assertThat(entry.get("message").asText()).isEqualTo("live <script>alert(1)</script> line");
        }
    }

    @Test
    void runUpdatedFollowsARunUntilItEnds() throws Exception {
        long runId = new RunRepository(monitor.monitor.database(), Clock.systemUTC())
                .createQueued("{}", "0".repeat(64), Optional.empty())
                .id();
        Browser browser = loggedIn();
        try (GraphQLWsClient ws = connected(browser)) {
            ws.send(Map.of(
                    "id",
                    "run",
                    "type",
                    "subscribe",
                    "payload",
                    Map.of(
                            "query",
                            "subscription($id: ID!) { runUpdated(id: $id) { id state error } }",
                            "variables",
                            Map.of("id", Long.toString(runId)))));
            JsonNode first = nextData(ws, "run").get("runUpdated");
            assertThat(first.get("state").asText()).isEqualTo("QUEUED");

            Browser.Answer cancel = browser.post(
                    "mutation($id: ID!) { cancelRun(id: $id) { state } }",
                    Map.of("id", Long.toString(runId)),
                    browser.cookies.get("hive_csrf"));
            assertThat(cancel.body().at("/data/cancelRun/state").asText()).isEqualTo("CANCELLED");

            JsonNode last = nextData(ws, "run").get("runUpdated");
            assertThat(last.get("state").asText()).isEqualTo("CANCELLED");
            assertThat(last.get("error").asText()).isEqualTo("cancelled in the web UI");
            JsonNode complete = ws.next(10);
            assertThat(complete.get("type").asText()).isEqualTo("complete");
            assertThat(complete.get("id").asText()).isEqualTo("run");
        }
    }

    /**
     * Another board assigned to a slot is stored and announced; reloading the rack starts it (the old one
     * stopped), flashed with a build for its architecture, and announces the new rack. Assigned back, the
     * reload brings the rack file's board again.
     */
    @Test
    void rackChangedFollowsAnAssignmentAndTheReloadThatAppliesIt() throws Exception {
        Browser browser = loggedIn();
        List<Long> qemuBefore = qemuChildren();
        assertThat(qemuBefore).hasSize(2);
        try (GraphQLWsClient ws = connected(browser)) {
            ws.send(Map.of(
                    "id",
                    "rack",
                    "type",
                    "subscribe",
                    "payload",
                    Map.of(
                            "query",
                            "subscription { rackChanged { stacks { slots { slot target architecture flashStatus"
                                    + " flashMessage health } } } }")));
            Thread.sleep(300);
            Browser.Answer assign =
                    browser.post("mutation { assignTarget(stack: 0, slot: 1, target: \"lm3s6965evb\") { target } }");
            assertThat(assign.body().at("/data/assignTarget/target").asText()).isEqualTo("lm3s6965evb");
            JsonNode slot = nextData(ws, "rack").at("/rackChanged/stacks/0/slots/1");
            assertThat(slot.get("target").asText()).isEqualTo("lm3s6965evb");
            assertThat(slot.get("flashMessage").asText()).contains("takes effect when the rack is reloaded");

            // the reload starts the assigned board in place of sifive_e, flashed and ready
            JsonNode reloaded = browser.post(
                            "mutation { reinitializeRack { stacks { slots { target architecture flashStatus"
                                    + " flashMessage health } } } }")
                    .body();
            JsonNode swapped = reloaded.at("/data/reinitializeRack/stacks/0/slots/1");
            assertThat(swapped.path("target").asText()).as(reloaded.toString()).isEqualTo("lm3s6965evb");
            assertThat(swapped.get("architecture").asText()).isEqualTo("ARM");
            assertThat(swapped.get("flashStatus").asText()).isEqualTo("OK");
            assertThat(swapped.get("flashMessage").asText()).startsWith("flashed ");
            assertThat(swapped.get("health").asText()).isEqualTo("READY");
            JsonNode announced = nextData(ws, "rack").at("/rackChanged/stacks/0/slots/1");
            assertThat(announced.get("flashStatus").asText()).isEqualTo("OK");
            assertThat(announced.get("health").asText()).isEqualTo("READY");
            assertThat(monitor.monitor
                            .rack()
                            .backend()
                            .catalogTarget(new SlotAddress(0, 1))
                            .name())
                    .isEqualTo("lm3s6965evb");
            List<Long> qemuSwapped = awaitQemuChildren(2);
            assertThat(qemuSwapped)
                    .as("two boards run, none of the rack before")
                    .doesNotContainAnyElementsOf(qemuBefore);
            assertThat(qemuCommandLines())
                    .noneMatch(c -> c.contains("qemu-system-riscv32"))
                    .allMatch(c -> c.contains("lm3s6965evb"));

            // assigned back, the reload brings sifive_e again
            browser.post("mutation { assignTarget(stack: 0, slot: 1, target: \"sifive_e\") { target } }");
            JsonNode back = browser.post(
                            "mutation { reinitializeRack { stacks { slots { target architecture flashStatus health } } } }")
                    .body();
            assertThat(back.at("/data/reinitializeRack/stacks/0/slots/0/flashStatus")
                            .asText())
                    .as(back.toString())
                    .isEqualTo("OK");
            assertThat(back.at("/data/reinitializeRack/stacks/0/slots/1/target").asText())
                    .isEqualTo("sifive_e");
            assertThat(back.at("/data/reinitializeRack/stacks/0/slots/1/architecture")
                            .asText())
                    .isEqualTo("RISCV");
            assertThat(back.at("/data/reinitializeRack/stacks/0/slots/1/health").asText())
                    .isEqualTo("READY");
            assertThat(awaitQemuChildren(2)).doesNotContainAnyElementsOf(qemuSwapped);
        }
    }

    private static List<Long> awaitQemuChildren(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<Long> now = qemuChildren();
        while (now.size() != count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = qemuChildren();
        }
        assertThat(now).as("QEMU processes of this monitor").hasSize(count);
        return now;
    }

    private static List<Long> qemuChildren() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p ->
                        p.info().command().map(c -> c.contains("qemu-system")).orElse(false))
                .map(ProcessHandle::pid)
                .sorted()
                .toList();
    }

    private static List<String> qemuCommandLines() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("qemu-system"))
                .toList();
    }
}
