package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A dashboard's subscription socket outlives the HTTP idle timeout however quiet it is: the monitor pings it. */
class GraphQLIdleTimeoutTest {

    @TempDir
    static Path dir;

    static GraphQLMonitor monitor;

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(dir, "limits:\n  idleTimeoutSeconds: 1\n");
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    @Test
    void aQuietSubscriptionSocketIsPingedAndStillDeliversAfterSeveralIdleTimeouts() throws Exception {
        Browser browser = new Browser(monitor.base);
        assertThat(browser.login(GraphQLMonitor.MAINTAINER, GraphQLMonitor.PASSWORD)
                        .status())
                .isEqualTo(200);
        try (GraphQLWsClient ws = GraphQLWsClient.connected(browser)) {
            ws.send(Map.of(
                    "id",
                    "logs",
                    "type",
                    "subscribe",
                    "payload",
                    Map.of("query", "subscription { logAdded(source: MONITOR, level: WARN) { message } }")));

            long deadline = System.nanoTime() + 15_000_000_000L;
            while (ws.pings.get() < 9 && !ws.closed.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(50); // three idle timeouts' worth of pings, one every third of a second
            }
            assertThat(ws.closed).as("the quiet socket is still open").isNotDone();
            assertThat(ws.pings.get()).as("pings within 15 s").isGreaterThanOrEqualTo(9);

            LoggerFactory.getLogger("dev.hive.test").warn("after a quiet spell");
            JsonNode message;
            do {
                message = ws.next(10);
            } while (!message.path("id").asText().equals("logs"));
            assertThat(message.at("/payload/data/logAdded/message").asText()).isEqualTo("after a quiet spell");
        }
    }
}
