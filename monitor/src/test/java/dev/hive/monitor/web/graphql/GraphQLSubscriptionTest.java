package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.QemuChildren;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunState;
import dev.hive.rack.model.SlotAddress;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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

    /** Runs whose runner idles (it never connects) until the run is cancelled; the others exit at once. */
    static final Set<Long> idlers = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(
                dir,
                "",
                (jar, socket, runId) -> idlers.contains(runId) ? List.of("/bin/sleep", "600") : List.of("/bin/false"));
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

    /** Subscribes to {@code runUpdated} of {@code runId} under the id "run". */
    private static void subscribeToRun(GraphQLWsClient ws, long runId) throws Exception {
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
        try (GraphQLWsClient ws = GraphQLWsClient.connected(browser)) {
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
        try (GraphQLWsClient ws = GraphQLWsClient.connected(browser)) {
            subscribeToRun(ws, runId);
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

    /** A run cancelled outside the web UI (its client left, a DELETE over the REST API) is pushed all the same. */
    @Test
    void runUpdatedSeesACancelMadeOutsideTheWebUi() throws Exception {
        var deps = monitor.monitor.graphQLDependencies();
        long runId =
                deps.runs().createQueued("{}", "0".repeat(64), Optional.empty()).id();
        Browser browser = loggedIn();
        try (GraphQLWsClient ws = GraphQLWsClient.connected(browser)) {
            subscribeToRun(ws, runId);
            assertThat(nextData(ws, "run").at("/runUpdated/state").asText()).isEqualTo("QUEUED");

            deps.runs().transition(runId, RunState.CANCELLED, Optional.of("the client closed its WebSocket"));

            JsonNode last = nextData(ws, "run").get("runUpdated");
            assertThat(last.get("state").asText()).isEqualTo("CANCELLED");
            assertThat(last.get("error").asText()).isEqualTo("the client closed its WebSocket");
        }
    }

    /**
     * Three runs queued as the run socket queues them (stored, then put in the run queue), each with a runner that
     * idles until cancelled: A takes the rack, B and C wait; C is cancelled while waiting, A while running, then B
     * gets the rack and is cancelled. Every change of the queue is pushed, in order, and a run that ended is gone.
     */
    @Test
    void queueChangedPushesTheQueueAsRunsAreQueuedStartAndEnd() throws Exception {
        Browser browser = loggedIn();
        try (GraphQLWsClient ws = GraphQLWsClient.connected(browser)) {
            ws.send(Map.of(
                    "id",
                    "queue",
                    "type",
                    "subscribe",
                    "payload",
                    Map.of("query", "subscription { queueChanged { id state queuePosition } }")));
            List<List<String>> seen = new ArrayList<>();
            assertThat(nextQueue(ws, seen)).as("the queue now: empty").isEmpty();

            long a = queueIdlingRun();
            awaitQueue(ws, seen, q -> q.contains(a + " RUNNING 0"));
            long b = queueIdlingRun();
            long c = queueIdlingRun();
            awaitQueue(ws, seen, q -> q.equals(List.of(a + " RUNNING 0", b + " QUEUED 1", c + " QUEUED 2")));

            cancel(browser, c);
            awaitQueue(ws, seen, q -> q.equals(List.of(a + " RUNNING 0", b + " QUEUED 1")));
            cancel(browser, a);
            awaitQueue(ws, seen, q -> q.equals(List.of(b + " RUNNING 0")));
            cancel(browser, b);
            awaitQueue(ws, seen, List::isEmpty);

            assertThat(story(seen, a)).as("A, in %s", seen).endsWith("RUNNING 0", "gone");
            assertThat(story(seen, b))
                    .as("B, in %s (taken from the queue, it may show as queued at position 0 before it starts)", seen)
                    .isIn(
                            List.of("QUEUED 1", "RUNNING 0", "gone"),
                            List.of("QUEUED 1", "QUEUED 0", "RUNNING 0", "gone"));
            assertThat(story(seen, c)).as("C, in %s", seen).containsExactly("QUEUED 2", "gone");
            assertThat(seen).as("never two runs on the rack").allSatisfy(q -> assertThat(
                            q.stream().filter(r -> r.endsWith(" RUNNING 0")))
                    .hasSizeLessThanOrEqualTo(1));
        }
    }

    /** A stored run with a runner that idles, put in the run queue (where a valid ticket puts it). */
    private static long queueIdlingRun() throws Exception {
        GraphQLDependencies deps = monitor.monitor.graphQLDependencies();
        String sha = "1".repeat(64);
        Path runners =
                Files.createDirectories(monitor.monitor.config().dataDir().resolve("runners"));
        Files.write(runners.resolve(sha + ".jar"), new byte[] {'P', 'K'});
        long id = deps.runs().createQueued("{}", sha, Optional.empty()).id();
        idlers.add(id);
        deps.queue().enqueue(id);
        return id;
    }

    private static void cancel(Browser browser, long runId) throws Exception {
        Browser.Answer answer = browser.post(
                "mutation($id: ID!) { cancelRun(id: $id) { id } }",
                Map.of("id", Long.toString(runId)),
                browser.cookies.get("hive_csrf"));
        assertThat(answer.body().at("/data/cancelRun/id").asText())
                .as(answer.body().toString())
                .isEqualTo(Long.toString(runId));
    }

    /** The next queue pushed, as "id STATE position" lines, also added to {@code seen}. */
    private static List<String> nextQueue(GraphQLWsClient ws, List<List<String>> seen) throws InterruptedException {
        List<String> queue = new ArrayList<>();
        nextData(ws, "queue")
                .get("queueChanged")
                .forEach(r -> queue.add(r.get("id").asText() + " "
                        + r.get("state").asText() + " " + r.get("queuePosition").asInt()));
        seen.add(queue);
        return queue;
    }

    private static void awaitQueue(GraphQLWsClient ws, List<List<String>> seen, Predicate<List<String>> wanted)
            throws InterruptedException {
        List<String> queue;
        do {
            queue = nextQueue(ws, seen); // at most 30 s each
        } while (!wanted.test(queue));
    }

    /** What the pushed queues said about one run, message by message without repeats, ending in "gone". */
    private static List<String> story(List<List<String>> seen, long runId) {
        List<String> story = new ArrayList<>();
        String prefix = runId + " ";
        for (List<String> queue : seen) {
            String now = queue.stream()
                    .filter(r -> r.startsWith(prefix))
                    .map(r -> r.substring(prefix.length()))
                    .findFirst()
                    .orElse(story.isEmpty() ? null : "gone");
            if (now != null && (story.isEmpty() || !story.get(story.size() - 1).equals(now))) {
                story.add(now);
            }
        }
        return story;
    }

    /**
     * Another board assigned to a slot is stored and announced; reloading the rack starts it (the old one
     * stopped), flashed with a build for its architecture, and announces the new rack. Assigned back, the
     * reload brings the rack file's board again.
     */
    @Test
    void rackChangedFollowsAnAssignmentAndTheReloadThatAppliesIt() throws Exception {
        Browser browser = loggedIn();
        List<Long> qemuBefore = QemuChildren.pids();
        assertThat(qemuBefore).hasSize(2);
        try (GraphQLWsClient ws = GraphQLWsClient.connected(browser)) {
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
            assertThat(QemuChildren.commandLines())
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
        List<Long> now = QemuChildren.await(QemuChildren::pids, p -> p.size() == count, Duration.ofSeconds(15));
        assertThat(now).as("QEMU processes of this monitor").hasSize(count);
        return now;
    }
}
