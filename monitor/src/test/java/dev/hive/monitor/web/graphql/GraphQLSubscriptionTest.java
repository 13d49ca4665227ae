package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.task.RunRepository;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Clock;
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

    @Test
    void rackChangedFollowsAnAssignment() throws Exception {
        Browser browser = loggedIn();
        try (GraphQLWsClient ws = connected(browser)) {
            ws.send(Map.of(
                    "id",
                    "rack",
                    "type",
                    "subscribe",
                    "payload",
                    Map.of("query", "subscription { rackChanged { stacks { slots { slot target flashMessage } } } }")));
            Thread.sleep(300);
            Browser.Answer assign =
                    browser.post("mutation { assignTarget(stack: 0, slot: 1, target: \"lm3s6965evb\") { target } }");
            assertThat(assign.body().at("/data/assignTarget/target").asText()).isEqualTo("lm3s6965evb");
            JsonNode slot = nextData(ws, "rack").at("/rackChanged/stacks/0/slots/1");
            assertThat(slot.get("target").asText()).isEqualTo("lm3s6965evb");
            assertThat(slot.get("flashMessage").asText()).contains("takes effect");
            // the running rack has another target there: reinitialising is refused, with the reason
            JsonNode reinit =
                    browser.post("mutation { reinitializeRack { name } }").body();
            assertThat(reinit.at("/errors/0/extensions/code").asText()).isEqualTo("NOT_SUPPORTED");
            assertThat(reinit.at("/errors/0/message").asText()).contains("stored lm3s6965evb, running sifive_e");
            browser.post("mutation { assignTarget(stack: 0, slot: 1, target: \"sifive_e\") { target } }");
            JsonNode flashed = browser.post("mutation { reinitializeRack { stacks { slots { flashStatus health } } } }")
                    .body();
            assertThat(flashed.at("/data/reinitializeRack/stacks/0/slots/0/flashStatus")
                            .asText())
                    .as(flashed.toString())
                    .isEqualTo("OK");
            assertThat(flashed.at("/data/reinitializeRack/stacks/0/slots/1/health")
                            .asText())
                    .isEqualTo("READY");
        }
    }
}
