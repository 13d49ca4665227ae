package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.fleet.FleetBoard;
import dev.hive.monitor.fleet.FrontDiedDispatching;
import dev.hive.monitor.fleet.HubResources;
import dev.hive.monitor.fleet.RunnerStore;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunnerLauncher;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.fleet.testing.NatsHub;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Issue 13, a front that restarts while its run goes on on the racks, each case as a user sees it over REST (the
 * run's state and error, its results, its shards and their attempts), all real on loopback: a {@code nats-server},
 * one rack monitor with two QEMU boards (lm3s6965evb and sifive_e, so a run of both targets has one shard running
 * and one waiting on the work queue) and a front ({@code backend: none}) stopped with {@link LiveMonitor#close} (the
 * monitor's close, which is what {@code hive-monitor serve} runs on SIGTERM) and started again on the same database.
 * The SIGKILLed front is {@code FleetCliIT}'s case.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetFrontRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LM3S = "{\"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"lm3s6965evb\"]}}";
    private static final List<String> BOTH = List.of("lm3s6965evb", "sifive_e");
    private static final Duration CLAIM = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static NatsHub hub;
    static LiveMonitor rack;
    static LiveMonitor front;

    @BeforeAll
    static void startFleet() throws Exception {
        hub = NatsHub.start(dir.resolve("hub"));
        rack = LiveMonitor.start(
                dir.resolve("rack-a"),
                "name: rack-a\nbackend: virtual\nchannels: 2\nstacks:\n  - name: stack-a\n"
                        + "    targets: [lm3s6965evb, sifive_e]\n",
                fleet("rack-a", "rack"),
                RunnerLauncher.javaJar());
        front = startFront(120);
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

    /**
     * A claim of 30 s: no rack is lost here, and a shard held across a hub outage stays with its rack. The inventory
     * TTL is the default's (15 s): a restarted front judges racks only after one TTL.
     */
    private static String fleet(String rackId, String role) {
        return "fleet:\n  enabled: true\n  servers: [" + hub.url() + "]\n  rackId: " + rackId + "\n  role: " + role
                + "\n  lab: lab-it\n  inventoryTtlSeconds: 15\n  claimSeconds: " + CLAIM.toSeconds() + "\n";
    }

    /** The front in its own directory (started again there, it has the same database), waiting {@code s} for the hub. */
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

    /** Submits a run to the front and redeems its ticket (the front dispatches it then); answers its id. */
    private static long startRun(String options) throws Exception {
        LiveMonitor.Submitted submitted = front.submit(LiveMonitor.exampleRunner(), options);
        assertThat(submitted.status()).as("%s", submitted.body()).isEqualTo(201);
        front.stream(submitted.ticket());
        return submitted.runId();
    }

    /** Until the front has stored the run's first result. */
    private static void awaitFirstResult(long runId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (front.getJson("/api/v1/runs/" + runId).get("results").isEmpty()) {
            assertThat(System.nanoTime()).as("no result of run %s", runId).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** The run once it is in {@code state}, which it must reach within {@code limit}. */
    private static JsonNode awaitState(long runId, String state, Duration limit) throws Exception {
        JsonNode run = front.awaitState(runId, state, limit);
        assertThat(run.get("state").asText()).as("%s", run).isEqualTo(state);
        return run;
    }

    /**
     * Every test of the example once on each cell of {@code targets} (both probes), the same tests on every cell,
     * none failed, each from rack A; the summary counts them.
     */
    private static void assertEveryResultOnce(JsonNode run, List<String> targets) {
        Map<String, List<String>> testsByCell = new TreeMap<>();
        for (JsonNode r : run.get("results")) {
            assertThat(r.get("status").asText()).as("%s", r).isIn("PASSED", "SKIPPED");
            assertThat(r.get("rack").asText()).isEqualTo("rack-a");
            testsByCell
                    .computeIfAbsent(
                            r.get("target").asText() + " @ "
                                    + r.get("probeSerial").asText(),
                            k -> new ArrayList<>())
                    .add(r.get("testId").asText());
        }
        List<String> cells = new ArrayList<>();
        for (String target : targets) {
            cells.add(target + " @ hive-virtual-0");
            cells.add(target + " @ hive-virtual-1");
        }
        assertThat(testsByCell.keySet()).as("%s", run).containsExactlyElementsOf(cells);
        Set<String> tests = new TreeSet<>(testsByCell.values().iterator().next());
        testsByCell.forEach((cell, ids) -> {
            assertThat(ids).as("results on %s: nothing twice", cell).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(ids))
                    .as("results on %s: nothing lost", cell)
                    .isEqualTo(tests);
        });
        JsonNode summary = run.get("summary");
        assertThat(summary.get("passed").asInt() + summary.get("skipped").asInt())
                .isEqualTo(run.get("results").size());
        assertThat(summary.get("failed").asInt() + summary.get("errors").asInt())
                .isZero();
    }

    /** Each shard of the run finished in one attempt, attempt 1 on rack A. */
    private static void assertFinishedInOneAttemptEach(JsonNode run, List<String> targets) {
        assertThat(run.get("shards"))
                .as("%s", run)
                .extracting(s -> s.get("target").asText() + " " + s.get("state").asText())
                .containsExactlyElementsOf(
                        targets.stream().map(t -> t + " finished").toList());
        for (JsonNode shard : run.get("shards")) {
            assertThat(shard.get("attempts"))
                    .as("%s", shard)
                    .extracting(a -> a.get("attempt").asInt() + " "
                            + a.get("rack").asText() + " " + a.get("outcome").asText())
                    .containsExactly("1 rack-a finished");
        }
    }

    private static void awaitFrontConnected() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!front.health().at("/fleet/state").asText().equals("connected")) {
            assertThat(System.nanoTime())
                    .as("the front's hub: %s", front.health())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /**
     * Until the rack runs nothing and nothing waits on the work queue: what a run given up left on the rack is over
     * before the next test.
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
                long waiting = client.jetStreamManagement()
                        .getStreamInfo(HubResources.RUNS_STREAM)
                        .getStreamState()
                        .getMsgCount();
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

    /** The rack's own runs newer than run {@code after}, oldest first. */
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

    /** The targets of a rack run's results (a shard is one target). */
    private static Set<String> targetsOf(JsonNode rackRun) {
        Set<String> targets = new TreeSet<>();
        rackRun.get("results").forEach(r -> targets.add(r.get("target").asText()));
        return targets;
    }

    /**
     * A clean stop (the monitor's close, as on SIGTERM) while one shard runs and the other waits: the run is left
     * {@code running}, not marked otherwise than by a crash, and the restarted front picks it up again; it ends
     * {@code finished} with every result once, each shard in one attempt.
     */
    @Test
    @Order(1)
    void aFrontStoppedCleanlyMidRunPicksTheRunUpAgainAndItEndsWithEveryResultOnce() throws Exception {
        long runId = startRun(null);
        awaitFirstResult(runId);

        front.close();
        front = startFront(120);

        JsonNode run = awaitState(runId, "finished", Duration.ofMinutes(3));
        assertThat(run.has("error")).as("%s", run).isFalse();
        assertEveryResultOnce(run, BOTH);
        assertFinishedInOneAttemptEach(run, BOTH);
    }

    /**
     * The front restarts while the hub is down (killed), and the hub comes back (on its store) within {@code
     * fleet.resumeWithinSeconds}: the run waits {@code running}, then is picked up and ends {@code finished} with
     * every result once.
     */
    @Test
    @Order(2)
    void aFrontRestartedWithoutTheHubPicksTheRunUpWhenTheHubIsBackWithinTheBound() throws Exception {
        long runId = startRun(LM3S);
        awaitFirstResult(runId);

        front.close();
        hub.kill();
        front = startFront(60);
        assertThat(front.health().at("/fleet/state").asText()).isNotEqualTo("connected");
        assertThat(front.getJson("/api/v1/runs/" + runId).get("state").asText())
                .as("waiting for the hub")
                .isEqualTo("running");
        hub.restartOnItsStore();

        JsonNode run = awaitState(runId, "finished", Duration.ofMinutes(3));
        assertEveryResultOnce(run, List.of("lm3s6965evb"));
        assertFinishedInOneAttemptEach(run, List.of("lm3s6965evb"));
        awaitFrontConnected();
    }

    /**
     * The front restarts while the hub is down and the hub stays away past {@code fleet.resumeWithinSeconds} (6 s
     * here): the run ends {@code interrupted} saying so, no sooner than 6 s after the restart, its shard {@code
     * interrupted}, the results stored before kept; none marked failed.
     */
    @Test
    @Order(3)
    void aFrontRestartedWithoutTheHubInterruptsTheRunAfterTheBoundNotBefore() throws Exception {
        awaitLiveRack(); // its entry is written again after the hub's restart in the previous test
        long runId = startRun(LM3S);
        awaitFirstResult(runId);

        front.close();
        hub.kill();
        Instant restarted = Instant.now();
        front = startFront(6);

        JsonNode run = awaitState(runId, "interrupted", WAIT);
        String why = "the front restarted and could not reach the fleet's hub within 6 s to pick this run up again";
        assertThat(run.get("error").asText()).isEqualTo(why);
        assertThat(Instant.parse(run.get("finishedAt").asText()))
                .as("not before the bound")
                .isAfterOrEqualTo(restarted.plusSeconds(6));
        assertThat(run.get("shards"))
                .extracting(s -> s.get("target").asText() + " " + s.get("state").asText() + ": "
                        + s.get("error").asText())
                .containsExactly("lm3s6965evb interrupted: " + why);
        assertThat(run.get("results")).isNotEmpty();
        assertThat(run.at("/summary/failed").asInt()).isZero();

        hub.restartOnItsStore();
        awaitFrontConnected();
        awaitQuiet(); // the rack ends the shard it held (the front, once connected, told it to stop)
        assertThat(front.getJson("/api/v1/runs/" + runId).get("state").asText()).isEqualTo("interrupted");
    }

    /**
     * The front died between storing a run's shards and publishing them, after the hub had in fact taken one of them
     * (lm3s6965evb: published and already run to its end and acknowledged by the rack, before the front stored the
     * hub's answer); sifive_e was never published. The state is written with the front's own classes into its
     * database and the shard published to the hub as the front does. The restarted front publishes both under their
     * message ids: the hub keeps one copy of lm3s6965evb's (within its duplicate window), so the rack runs it once,
     * and sifive_e for the first time; the run ends {@code finished} with every result once.
     */
    @Test
    @Order(4)
    void aFrontThatDiedBeforePublishingItsShardsPublishesThemAtItsRestartAndNoShardRunsTwice() throws Exception {
        awaitLiveRack();
        long rackBefore = newestRackRun();
        LiveMonitor.Submitted submitted = front.submit(LiveMonitor.exampleRunner(), null);
        assertThat(submitted.status()).as("%s", submitted.body()).isEqualTo(201);
        long runId = submitted.runId(); // its ticket never redeemed: the front dispatches nothing
        front.close();
        Run run = FrontDiedDispatching.storeShards(front.dir.resolve("data/hive.db"), runId, BOTH);
        try (Connection client = Nats.connect(hub.url())) {
            RunnerStore.upload(client, run.runnerSha256(), LiveMonitor.exampleRunner()); // stored before the shards
            FrontDiedDispatching.publish(client, "front", run, "lm3s6965evb", CLAIM);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (rackRunsAfter(rackBefore).isEmpty()
                || !rackRunsAfter(rackBefore).get(0).get("state").asText().equals("finished")) {
            assertThat(System.nanoTime())
                    .as("the rack never ran the published shard")
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
        awaitQuiet(); // ended and acknowledged: the work queue no longer holds it

        front = startFront(120);

        JsonNode ended = awaitState(runId, "finished", Duration.ofMinutes(3));
        assertEveryResultOnce(ended, BOTH);
        assertFinishedInOneAttemptEach(ended, BOTH);
        awaitQuiet();
        assertThat(rackRunsAfter(rackBefore))
                .as("each shard ran once on the rack")
                .extracting(r -> r.get("state").asText() + " " + targetsOf(r))
                .containsExactly("finished [lm3s6965evb]", "finished [sifive_e]");
    }

    /**
     * The hub is replaced (a new {@code nats-server} with an empty store on the same port) while the front is down:
     * the restarted front does not follow the new hub's empty streams as if nothing happened (it would wait for
     * ever for the shard that was on the lost work queue, or end the run with the events of the outage missing): the
     * run ends {@code interrupted} saying its events are gone, every shard {@code interrupted}, no test failed. A
     * new run through the front works on the new hub.
     */
    @Test
    @Order(5)
    void aHubReplacedWhileTheFrontWasDownEndsTheRunInterruptedEventsGoneAndNewRunsWork() throws Exception {
        long runId = startRun(null);
        awaitFirstResult(runId);

        front.close();
        hub.kill();
        hub.restart();
        front = startFront(120);

        JsonNode run = awaitState(runId, "interrupted", WAIT);
        assertThat(run.get("error").asText())
                .startsWith("the front restarted and the fleet's hub no longer has this run's events")
                .contains("store was replaced");
        assertThat(run.get("shards"))
                .extracting(s -> s.get("target").asText() + " " + s.get("state").asText())
                .containsExactly("lm3s6965evb interrupted", "sifive_e interrupted");
        assertThat(run.at("/summary/failed").asInt()).isZero();
        awaitQuiet();

        awaitLiveRack();
        RunStream again = front.run(LiveMonitor.exampleRunner(), LM3S, Duration.ofMinutes(3));
        long next = again.awaitEnded(Duration.ZERO).runId();
        JsonNode newRun = awaitState(next, "finished", WAIT);
        assertEveryResultOnce(newRun, List.of("lm3s6965evb"));
        assertFinishedInOneAttemptEach(newRun, List.of("lm3s6965evb"));
    }
}
