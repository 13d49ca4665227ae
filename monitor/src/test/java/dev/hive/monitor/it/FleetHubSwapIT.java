package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.fleet.FleetBoard;
import dev.hive.monitor.fleet.HubResources;
import dev.hive.monitor.task.RunnerLauncher;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.fleet.FleetCodec;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.fleet.testing.NatsHub;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, the hub lost under a front and its run, and the racks stopping the shards of a run the front gave up,
 * all real on loopback: a {@code nats-server} ({@link NatsHub}), one rack with one channel and two QEMU boards
 * (lm3s6965evb and sifive_e: a run of both has one shard running and the other waiting on the work queue) and a front
 * ({@code backend: none}). The runs' runner idles until it is cancelled, so a shard is still running whenever the
 * hub goes and comes back: what stops it is the front, never its own end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetHubSwapIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LM3S = "{\"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"lm3s6965evb\"]}}";

    @TempDir
    static Path dir;

    static NatsHub hub;
    static LiveMonitor rack;
    static LiveMonitor front;
    static Path idles;

    @BeforeAll
    static void startFleet() throws Exception {
        hub = NatsHub.start(dir.resolve("hub"));
        rack = LiveMonitor.start(
                dir.resolve("rack-a"),
                "name: rack-a\nbackend: virtual\nchannels: 1\nstacks:\n  - name: stack-a\n"
                        + "    targets: [lm3s6965evb, sifive_e]\n",
                fleet("rack-a", "rack"),
                RunnerLauncher.javaJar());
        front = startFront(120);
        idles = new FaultRunners(dir.resolve("runners")).idlesUntilCancelled();
        awaitLiveRack();
    }

    @AfterAll
    static void stopFleet() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {front, rack, hub}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** Claims of 30 s: no rack is lost here, and a shard held across a hub outage stays with its rack. */
    private static String fleet(String rackId, String role) {
        return "fleet:\n  enabled: true\n  servers: [" + hub.url() + "]\n  rackId: " + rackId + "\n  role: " + role
                + "\n  lab: lab-it\n  inventoryTtlSeconds: 10\n  claimSeconds: 30\n";
    }

    /** The front in its own directory (started again there, it has the same database). */
    private static LiveMonitor startFront(int resumeWithinSeconds) throws Exception {
        return LiveMonitor.start(
                dir.resolve("front"),
                "name: front\nbackend: none\n",
                fleet("front", "front") + "  resumeWithinSeconds: " + resumeWithinSeconds + "\n",
                RunnerLauncher.javaJar());
    }

    private static void awaitLiveRack() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection client = Nats.connect(hub.url())) {
            while (true) {
                List<String> live = new ArrayList<>();
                for (RackInventory r : new FleetBoard().live(client)) {
                    live.add(r.rackId());
                }
                if (live.contains("rack-a")) {
                    return;
                }
                assertThat(System.nanoTime()).as("rack-a not live: %s", live).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    /** Until the front's shard of {@code target} in run {@code runId} is {@code state}. */
    private static void awaitShard(long runId, String target, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JsonNode run = front.getJson("/api/v1/runs/" + runId);
            for (JsonNode s : run.path("shards")) { // none before the run is split
                if (s.get("target").asText().equals(target)
                        && s.get("state").asText().equals(state)) {
                    return;
                }
            }
            assertThat(System.nanoTime())
                    .as("shard %s of run %s never %s: %s", target, runId, state, run)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Until the rack's newest run is in {@code state}; answers it. */
    private static JsonNode awaitRackRun(long after, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            List<JsonNode> newer = rackRunsAfter(after);
            if (!newer.isEmpty()
                    && newer.get(newer.size() - 1).get("state").asText().equals(state)) {
                return newer.get(newer.size() - 1);
            }
            assertThat(System.nanoTime())
                    .as("the rack's runs after %s: %s", after, newer)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /**
     * Until the rack runs nothing and nothing waits on the work queue (a hub without the work queue has nothing
     * waiting).
     */
    private static void awaitQuiet() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (Connection client = Nats.connect(hub.url())) {
            while (true) {
                boolean rackBusy = false;
                for (JsonNode r : rack.getJson("/api/v1/runs?limit=5").get("runs")) {
                    rackBusy |=
                            Set.of("queued", "running").contains(r.get("state").asText());
                }
                long waiting = waitingShards(client);
                if (!rackBusy && waiting == 0) {
                    return;
                }
                assertThat(System.nanoTime())
                        .as("rack busy %s, %s shard(s) on the work queue", rackBusy, waiting)
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static long waitingShards(Connection client) throws Exception {
        try {
            return client.jetStreamManagement()
                    .getStreamInfo(HubResources.RUNS_STREAM)
                    .getStreamState()
                    .getMsgCount();
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() == 404) {
                return 0;
            }
            throw e;
        }
    }

    /** The rack's own runs newer than run {@code after}, oldest first, each with its results. */
    private static List<JsonNode> rackRunsAfter(long after) throws Exception {
        List<JsonNode> newer = new ArrayList<>();
        for (JsonNode r : rack.getJson("/api/v1/runs?limit=20").get("runs")) {
            if (r.get("id").asLong() > after) {
                newer.add(0, rack.getJson("/api/v1/runs/" + r.get("id").asLong()));
            }
        }
        return newer;
    }

    private static long newestRackRun() throws Exception {
        JsonNode runs = rack.getJson("/api/v1/runs?limit=1").get("runs");
        return runs.isEmpty() ? 0 : runs.get(0).get("id").asLong();
    }

    /**
     * The targets of the shard events the racks stored for the run {@code runKey}, in order (read straight from the
     * hub's events stream, message by message).
     */
    private static List<String> eventTargets(String runKey) throws Exception {
        List<String> targets = new ArrayList<>();
        try (Connection client = Nats.connect(hub.url())) {
            JetStreamManagement jsm = client.jetStreamManagement();
            long last = jsm.getStreamInfo(HubResources.EVENTS_STREAM)
                    .getStreamState()
                    .getLastSequence();
            for (long seq = 1; seq <= last; seq++) {
                MessageInfo m = jsm.getMessage(HubResources.EVENTS_STREAM, seq);
                if (m.getSubject().equals(HubResources.eventsSubject(runKey))) {
                    targets.add(new FleetCodec().event(m.getData()).target());
                }
            }
        }
        return targets;
    }

    /** The target a rack run (one shard) was for, from its stored options. */
    private static String targetOf(JsonNode rackRun) {
        return rackRun.at("/options/targets/patterns/0").asText();
    }

    /** A run of lm3s6965evb through the front whose one shard runs on the rack, idling until it is cancelled. */
    private record IdleRun(long rackBefore, long runId, RunStream stream) {
        /** Until the run ended {@code cancelled} on the front and its shard's run on the rack did too. */
        void awaitCancelledOnFrontAndRack() throws Exception {
            RunEnded ended = stream.awaitEnded(WAIT);
            assertThat(ended.state()).as("error: %s", ended.error()).isEqualTo("cancelled");
            assertThat(awaitRackRun(rackBefore, "cancelled").get("state").asText())
                    .isEqualTo("cancelled");
            awaitQuiet();
        }
    }

    private static IdleRun startIdleRun() throws Exception {
        long rackBefore = newestRackRun();
        LiveMonitor.Submitted submitted = front.submit(idles, LM3S);
        assertThat(submitted.status()).as("%s", submitted.body()).isEqualTo(201);
        RunStream stream = front.stream(submitted.ticket());
        awaitShard(submitted.runId(), "lm3s6965evb", "running");
        return new IdleRun(rackBefore, submitted.runId(), stream);
    }

    private static int cancel(long runId) throws Exception {
        HttpResponse<String> answer = front.http.send(
                HttpRequest.newBuilder(URI.create(front.base + "/api/v1/runs/" + runId))
                        .header("Authorization", "Bearer " + front.token)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode();
    }

    /**
     * The hub killed and started again on its store (the same hub: a crash or a network blip) while the front is up
     * and a shard runs: the front checks the hub that came back, finds the run's events there, says so in the run's
     * log and the run goes on ({@code running}, its shard still on the rack); a cancel then ends it {@code
     * cancelled}, as for a run the hub never left, not {@code interrupted}.
     */
    @Test
    @Order(1)
    void aHubRestartedOnItsStoreWhileTheFrontIsUpLeavesTheRunGoingOn() throws Exception {
        IdleRun idle = startIdleRun();
        long runId = idle.runId();

        hub.kill();
        hub.restartOnItsStore();

        idle.stream()
                .await(LogLine.class, l -> l.message().contains("still has this run's events: the run goes on"), WAIT);
        JsonNode run = front.getJson("/api/v1/runs/" + runId);
        assertThat(run.get("state").asText()).as("%s", run).isEqualTo("running");
        assertThat(run.at("/shards/0/state").asText()).isEqualTo("running");
        assertThat(rackRunsAfter(idle.rackBefore()))
                .extracting(r -> r.get("state").asText())
                .containsExactly("running");

        assertThat(cancel(runId)).isBetween(200, 299);
        idle.awaitCancelledOnFrontAndRack();
    }

    /**
     * The hub replaced (killed, and a new {@code nats-server} with an empty store started on its port) while the
     * front is up, one shard runs on the rack and the other waits on the work queue: the front does not wait for
     * ever for the shard lost with the old work queue. Reconnected, it ends the run {@code interrupted} saying the
     * hub no longer has its events, both shards {@code interrupted}, no test failed; the rack, told to stop, cancels
     * the shard it runs; the waiting shard, gone with the old store, is run by nobody. A new run through the front
     * works on the new hub.
     */
    @Test
    @Order(2)
    void aHubReplacedWhileTheFrontIsUpEndsTheRunInterruptedAndTheRackStopsItsShard() throws Exception {
        long rackBefore = newestRackRun();
        LiveMonitor.Submitted submitted = front.submit(idles, null);
        assertThat(submitted.status()).as("%s", submitted.body()).isEqualTo(201);
        RunStream stream = front.stream(submitted.ticket());
        long runId = submitted.runId();
        awaitShard(runId, "lm3s6965evb", "running");

        hub.kill();
        hub.restart();

        RunEnded ended = stream.awaitEnded(WAIT);
        assertThat(ended.state()).as("error: %s", ended.error()).isEqualTo("interrupted");
        assertThat(ended.error())
                .startsWith("the front reconnected and the fleet's hub no longer has this run's events: ")
                .endsWith("the hub's store was replaced while the front was disconnected from it");
        JsonNode run = front.getJson("/api/v1/runs/" + runId);
        assertThat(run.get("shards"))
                .extracting(s -> s.get("target").asText() + " " + s.get("state").asText())
                .containsExactly("lm3s6965evb interrupted", "sifive_e interrupted");
        assertThat(run.at("/summary/failed").asInt()).isZero();

        JsonNode stopped = awaitRackRun(rackBefore, "cancelled");
        assertThat(targetOf(stopped)).isEqualTo("lm3s6965evb");
        awaitQuiet();
        assertThat(rackRunsAfter(rackBefore))
                .as("the shard that waited is run by nobody")
                .extracting(r -> targetOf(r) + " " + r.get("state").asText())
                .containsExactly("lm3s6965evb cancelled");

        awaitLiveRack();
        RunStream again = front.run(LiveMonitor.exampleRunner(), LM3S, Duration.ofMinutes(3));
        RunEnded next = again.awaitEnded(Duration.ZERO);
        assertThat(next.state()).as("error: %s", next.error()).isEqualTo("finished");
        assertThat(next.summary().total()).isPositive();
        awaitQuiet();
        assertThat(rackRunsAfter(rackBefore))
                .extracting(r -> targetOf(r) + " " + r.get("state").asText())
                .containsExactly("lm3s6965evb cancelled", "lm3s6965evb finished");
    }

    /**
     * The front gives a run up: stopped while one shard runs on the rack and the other waits, started again while
     * the hub is down, which stays away past {@code fleet.resumeWithinSeconds} (3 s): the run ends {@code
     * interrupted}. When the hub is back (on its store, with the waiting shard still on its work queue), the front
     * tells the racks to stop: the rack cancels the shard it runs, and the waiting shard's message is gone from the
     * work queue, so no rack runs it.
     */
    @Test
    @Order(3)
    void aRunTheFrontGaveUpIsStoppedOnTheRacksOnceTheHubIsBack() throws Exception {
        awaitLiveRack();
        long rackBefore = newestRackRun();
        LiveMonitor.Submitted submitted = front.submit(idles, null);
        assertThat(submitted.status()).as("%s", submitted.body()).isEqualTo(201);
        front.stream(submitted.ticket());
        long runId = submitted.runId();
        awaitShard(runId, "lm3s6965evb", "running");
        try (Connection client = Nats.connect(hub.url())) {
            assertThat(waitingShards(client))
                    .as("both shards on the work queue")
                    .isEqualTo(2);
        }

        front.close();
        hub.kill();
        front = startFront(3);
        JsonNode run = front.awaitState(runId, "interrupted", WAIT);
        assertThat(run.get("error").asText())
                .isEqualTo("the front restarted and could not reach the fleet's hub within 3 s to pick this run up"
                        + " again");
        assertThat(rackRunsAfter(rackBefore))
                .as("the rack still runs its shard")
                .extracting(r -> targetOf(r) + " " + r.get("state").asText())
                .containsExactly("lm3s6965evb running");

        hub.restartOnItsStore();

        JsonNode stopped = awaitRackRun(rackBefore, "cancelled");
        assertThat(targetOf(stopped)).isEqualTo("lm3s6965evb");
        awaitQuiet();
        assertThat(rackRunsAfter(rackBefore))
                .as("the shard that waited is run by nobody")
                .extracting(r -> targetOf(r) + " " + r.get("state").asText())
                .containsExactly("lm3s6965evb cancelled");
        assertThat(eventTargets("front-" + runId))
                .as("taken off the work queue: no rack took the waiting shard (not even to end it at once)")
                .isNotEmpty()
                .doesNotContain("sifive_e");
    }

    /**
     * A run cancelled on the front while the hub is away (its shard running on the rack, the front's link no longer
     * connected): the cancel cannot go out then. Once the hub is back on its store, the front publishes it, the rack
     * cancels its shard, and the run ends {@code cancelled}, not left running for ever on a runner that idles.
     */
    @Test
    @Order(4)
    void aRunCancelledWhileTheHubIsAwayIsStoppedOnTheRackOnceTheHubIsBack() throws Exception {
        awaitLiveRack();
        awaitQuiet();
        IdleRun idle = startIdleRun();
        long runId = idle.runId();

        hub.kill();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (front.getJson("/healthz").at("/fleet/state").asText().equals("connected")) {
            assertThat(System.nanoTime()).as("the front never saw the hub go").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(cancel(runId)).isBetween(200, 299);
        hub.restartOnItsStore();

        idle.awaitCancelledOnFrontAndRack();
    }

    /**
     * The front's hub connection replaced by a new one mid-run ({@code FleetLink.redial}, what the front does when
     * the hub stops answering JetStream requests on its connection after an outage): the run followed its events on
     * the closed connection, so it follows them again on the new one. A cancel then reaches the rack, and the
     * shard's {@code cancelled} end, stored on the hub by the rack, reaches the front: the run ends {@code
     * cancelled}.
     */
    @Test
    @Order(5)
    void aRunGoesOnWhenTheFrontConnectsToTheHubAnew() throws Exception {
        awaitLiveRack();
        awaitQuiet();
        IdleRun idle = startIdleRun();
        long runId = idle.runId();

        front.monitor.fleet().orElseThrow().reconnect("a test replaces the connection");
        idle.stream().await(LogLine.class, l -> l.message().contains("following the run's events again"), WAIT);
        assertThat(cancel(runId)).isBetween(200, 299);

        idle.awaitCancelledOnFrontAndRack();
    }
}
