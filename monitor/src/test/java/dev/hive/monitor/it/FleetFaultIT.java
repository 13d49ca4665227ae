package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.auth.Role;
import dev.hive.monitor.fleet.FleetBoard;
import dev.hive.monitor.task.RunnerLauncher;
import dev.hive.monitor.web.graphql.Browser;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.fleet.testing.NatsHub;
import dev.hive.protocol.run.RunPhase;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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
 * Faults of the fleet's work path, all real on loopback (a {@code nats-server}, a front with {@code backend:
 * none}, rack A with lm3s6965evb + sifive_e and rack B with lm3s6965evb + netduinoplus2, claims of 4 s): cancel
 * while a rack runs the shard and before any rack took it, a rack lost mid-shard whose target another rack has
 * (the shard runs again there, attempt 2, and the run is complete), and a rack lost whose target no other rack
 * has (the run ends {@code failed} with "rack lost", not with failed tests). A rack is lost by stopping its
 * monitor mid-shard: its hub connection closes without acknowledging the shard, as a dead rack's would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetFaultIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LM3S = "{\"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"lm3s6965evb\"]}}";
    private static final String NETDUINO = "{\"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"netduinoplus2\"]}}";

    @TempDir
    static Path dir;

    static NatsHub hub;
    static LiveMonitor front;
    static final Map<String, LiveMonitor> racks = new TreeMap<>();

    @BeforeAll
    static void startFleet() throws Exception {
        hub = NatsHub.start(dir.resolve("hub"));
        racks.put("rack-a", rack("rack-a", "lm3s6965evb", "sifive_e"));
        racks.put("rack-b", rack("rack-b", "lm3s6965evb", "netduinoplus2"));
        front = startFront();
        awaitLiveRacks(Set.of("rack-a", "rack-b"));
        // nothing lists the front's racks before its restart in the second test: it remembers them from its
        // dispatcher's own reads
    }

    @AfterAll
    static void stopFleet() throws Exception {
        List<AutoCloseable> all = new ArrayList<>();
        all.add(front);
        all.addAll(racks.values());
        all.add(hub);
        for (AutoCloseable c : all) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** The front, in its own directory: started again there, it has the same database. */
    private static LiveMonitor startFront() throws Exception {
        return LiveMonitor.start(
                dir.resolve("front"),
                "name: front\nbackend: none\n",
                fleet("front", "front"),
                RunnerLauncher.javaJar());
    }

    private static void awaitFrontConnected() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!front.getJson("/healthz").at("/fleet/state").asText().equals("connected")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the restarted front did not reconnect to the hub");
            }
            Thread.sleep(100);
        }
    }

    private static LiveMonitor rack(String name, String... targets) throws Exception {
        String rackFile = "name: " + name + "\nbackend: virtual\nchannels: 2\nstacks:\n  - name: stack-a\n"
                + "    targets: [" + String.join(", ", targets) + "]\n";
        return LiveMonitor.start(dir.resolve(name), rackFile, fleet(name, "rack"), RunnerLauncher.javaJar());
    }

    private static String fleet(String rackId, String role) {
        return "fleet:\n  enabled: true\n  servers: [" + hub.url() + "]\n  rackId: " + rackId + "\n  role: " + role
                + "\n  lab: lab-it\n  inventoryTtlSeconds: 4\n  claimSeconds: 4\n";
    }

    private static void awaitLiveRacks(Set<String> racks) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection client = Nats.connect(hub.url())) {
            while (true) {
                Set<String> live = new HashSet<>();
                for (RackInventory r : new FleetBoard().live(client)) {
                    live.add(r.rackId());
                }
                if (live.containsAll(racks)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("live racks " + live + ", expected " + racks);
                }
                Thread.sleep(200);
            }
        }
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

    /** Waits until the front's one shard of run {@code runId} is in {@code state}. */
    private static void awaitShardState(long runId, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!front.getJson("/api/v1/runs/" + runId)
                .at("/shards/0/state")
                .asText()
                .equals(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + "'s shard never became " + state);
            }
            Thread.sleep(100);
        }
    }

    @Test
    @Order(1)
    void aRunIsCancelledOnTheRackThatRunsItAndBeforeAnyRackTookIt() throws Exception {
        // the first run's runner idles until it is cancelled, so it is still running whenever the cancel comes
        Path idles = new FaultRunners(dir.resolve("runners")).idlesUntilCancelled();
        LiveMonitor.Submitted first = front.submit(idles, NETDUINO);
        RunStream running = front.stream(first.ticket());
        awaitShardState(first.runId(), "running");
        // rack B, the only one with netduinoplus2, is busy with the first run: the second one's shard waits
        LiveMonitor.Submitted second = front.submit(LiveMonitor.exampleRunner(), NETDUINO);
        RunStream waiting = front.stream(second.ticket());
        waiting.await(PhaseChanged.class, p -> p.phase() == RunPhase.RUNNING, WAIT);
        assertThat(cancel(second.runId())).isBetween(200, 299);
        RunEnded notTaken = waiting.awaitEnded(WAIT);
        assertThat(notTaken.state()).isEqualTo("cancelled");
        assertThat(notTaken.summary().total()).isZero();

        assertThat(cancel(first.runId())).isBetween(200, 299);
        RunEnded stopped = running.awaitEnded(WAIT);
        assertThat(stopped.state()).as("error: %s", stopped.error()).isEqualTo("cancelled");
        assertThat(stopped.summary().failed()).isZero();
        assertThat(running.all(LogLine.class))
                .extracting(LogLine::message)
                .anyMatch(m -> m.contains("netduinoplus2 cancelled on rack rack-b"));
    }

    @Test
    @Order(2)
    void aRackLostMidShardHandsItToAnotherRackWithTheTargetAndTheRunIsComplete() throws Exception {
        LiveMonitor.Submitted submitted = front.submit(LiveMonitor.exampleRunner(), LM3S);
        RunStream stream = front.stream(submitted.ticket());
        // the rack is stopped as soon as the front hears from its attempt (before its runner starts, which takes
        // longer): stopped after its first result, the example could end on it before it stopped
        awaitShardState(submitted.runId(), "running");
        String lost = front.getJson("/api/v1/runs/" + submitted.runId())
                .at("/shards/0/attempts/0/rack")
                .asText();
        String other = lost.equals("rack-a") ? "rack-b" : "rack-a";
        racks.remove(lost).close();

        RunEnded ended = stream.awaitEnded(Duration.ofMinutes(3));
        assertThat(ended.state()).as("error: %s", ended.error()).isEqualTo("finished");
        assertThat(stream.all(LogLine.class))
                .extracting(LogLine::message)
                .anyMatch(m -> m.contains("attempt 2 on rack " + other))
                .anyMatch(m -> m.contains("lm3s6965evb finished on rack " + other + " (attempt 2)"));
        Map<String, List<String>> testsByCell = new TreeMap<>();
        for (TestFinished f : stream.all(TestFinished.class)) {
            testsByCell
                    .computeIfAbsent(f.result().cell().probeSerial(), k -> new ArrayList<>())
                    .add(f.result().testId());
        }
        assertThat(testsByCell.keySet()).containsExactly("hive-virtual-0", "hive-virtual-1");
        Set<String> tests = new TreeSet<>(testsByCell.get("hive-virtual-0"));
        testsByCell.forEach((cell, ids) -> {
            assertThat(ids).as("results on %s: nothing twice", cell).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(ids))
                    .as("results on %s: nothing lost", cell)
                    .isEqualTo(tests);
        });
        assertThat(ended.summary().total()).isEqualTo(2 * tests.size());
        assertThat(ended.summary().failed()).isZero();
        Set<String> ranOn = new TreeSet<>();
        front.getJson("/api/v1/runs/" + submitted.runId())
                .get("results")
                .forEach(r -> ranOn.add(r.get("rack").asText()));
        assertThat(ranOn).contains(other);

        // the shard and its two attempts, the first on the lost rack: in the API, and still after a front restart
        assertHandedOver(front.getJson("/api/v1/runs/" + submitted.runId()), lost, other);
        front.close();
        front = startFront();
        awaitFrontConnected();
        assertHandedOver(front.getJson("/api/v1/runs/" + submitted.runId()), lost, other);
        // the lost rack, seen live before the restart (by the dispatcher: nobody listed the racks), is listed as
        // gone instead of forgotten
        assertThat(front.getJson("/api/v1/fleet").get("racks"))
                .extracting(r -> r.get("id").asText() + " " + r.get("live").asBoolean())
                .containsExactly(
                        lost.equals("rack-a") ? "rack-a false" : "rack-a true",
                        lost.equals("rack-b") ? "rack-b false" : "rack-b true");
        front.monitor.graphQLDependencies().users().create("viewer", "a long enough password", Role.MAINTAINER);
        var browser = new Browser(front.base);
        assertThat(browser.login("viewer", "a long enough password").status()).isEqualTo(200);
        JsonNode data = browser.post("{ run(id: \"" + submitted.runId()
                        + "\") { shards { target state attempts { attempt rack startedAt endedAt outcome } } } }")
                .body();
        assertThat(data.get("errors")).as("%s", data).isNull();
        JsonNode shards = data.at("/data/run/shards");
        assertThat(shards).hasSize(1);
        assertThat(shards.at("/0/state").asText()).isEqualTo("FINISHED");
        assertThat(shards.at("/0/attempts"))
                .extracting(a -> a.get("attempt").asInt() + " " + a.get("rack").asText() + " "
                        + a.get("outcome").asText())
                .containsExactly("1 " + lost + " LOST", "2 " + other + " FINISHED");
    }

    /** Run {@code run} (lm3s6965evb only) had one shard: attempt 1 on {@code lost}, attempt 2 finished on {@code other}. */
    private static void assertHandedOver(JsonNode run, String lost, String other) {
        JsonNode shards = run.get("shards");
        assertThat(shards).as("%s", run).hasSize(1);
        JsonNode shard = shards.get(0);
        assertThat(shard.get("target").asText()).isEqualTo("lm3s6965evb");
        assertThat(shard.get("state").asText()).isEqualTo("finished");
        assertThat(shard.has("pinnedRack")).isFalse();
        JsonNode attempts = shard.get("attempts");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).get("attempt").asInt()).isEqualTo(1);
        assertThat(attempts.get(0).get("rack").asText()).isEqualTo(lost);
        assertThat(attempts.get(0).get("outcome").asText()).isEqualTo("lost");
        assertThat(attempts.get(1).get("attempt").asInt()).isEqualTo(2);
        assertThat(attempts.get(1).get("rack").asText()).isEqualTo(other);
        assertThat(attempts.get(1).get("outcome").asText()).isEqualTo("finished");
        Instant firstStarted = Instant.parse(attempts.get(0).get("startedAt").asText());
        Instant firstEnded = Instant.parse(attempts.get(0).get("endedAt").asText());
        Instant secondStarted = Instant.parse(attempts.get(1).get("startedAt").asText());
        Instant secondEnded = Instant.parse(attempts.get(1).get("endedAt").asText());
        assertThat(firstStarted).isBeforeOrEqualTo(firstEnded);
        assertThat(firstEnded).isBeforeOrEqualTo(secondStarted);
        assertThat(secondStarted).isBeforeOrEqualTo(secondEnded);
    }

    /**
     * A third rack, rack C with lm3s6965evb only, joins; a run pinned to it is cut off by stopping rack C mid-shard:
     * the remaining rack, idle and with lm3s6965evb, is not handed the shard; the run ends failed, "rack lost".
     */
    @Test
    @Order(3)
    void aRackLostThatARunIsPinnedToEndsTheRunFailedRackLostWithoutHandingTheShardOver() throws Exception {
        String remaining = racks.keySet().iterator().next();
        racks.put("rack-c", rack("rack-c", "lm3s6965evb"));
        awaitLiveRacks(Set.of(remaining, "rack-c"));
        LiveMonitor.Submitted submitted = front.submit(
                LiveMonitor.exampleRunner(),
                "{\"rack\": \"rack-c\", \"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"lm3s6965evb\"]}}");
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        RunStream stream = front.stream(submitted.ticket());
        stream.await(TestFinished.class, f -> true, Duration.ofMinutes(2));
        racks.remove("rack-c").close();

        RunEnded ended = stream.awaitEnded(Duration.ofMinutes(1));
        assertThat(ended.state()).isEqualTo("failed");
        assertThat(ended.error())
                .contains("rack lost: rack-c stopped reporting")
                .contains("pinned to it");
        assertThat(ended.summary().failed()).isZero();
        JsonNode run = front.getJson("/api/v1/runs/" + submitted.runId());
        assertThat(run.at("/shards/0/pinnedRack").asText()).as("%s", run).isEqualTo("rack-c");
        assertThat(run.at("/shards/0/state").asText()).isEqualTo("lost");
        assertThat(run.at("/shards/0/attempts"))
                .extracting(a -> a.get("rack").asText())
                .containsExactly("rack-c");
        assertThat(run.get("results"))
                .allSatisfy(r -> assertThat(r.get("rack").asText()).isEqualTo("rack-c"));
    }

    @Test
    @Order(4)
    void aRackLostWithATargetNoOtherRackHasEndsTheRunFailedRackLostNotWithFailedTests() throws Exception {
        String remaining = racks.keySet().iterator().next();
        String only = remaining.equals("rack-a") ? "sifive_e" : "netduinoplus2";
        LiveMonitor.Submitted submitted = front.submit(
                LiveMonitor.exampleRunner(),
                "{\"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"" + only + "\"]}}");
        RunStream stream = front.stream(submitted.ticket());
        stream.await(TestFinished.class, f -> true, Duration.ofMinutes(2));
        racks.remove(remaining).close();

        RunEnded ended = stream.awaitEnded(Duration.ofMinutes(1));
        assertThat(ended.state()).isEqualTo("failed");
        assertThat(ended.error()).contains("rack lost: " + remaining).contains(only);
        assertThat(ended.summary().failed()).isZero();
        assertThat(ended.summary().errors()).isZero();
        JsonNode run = front.getJson("/api/v1/runs/" + submitted.runId());
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(run.at("/shards/0/state").asText()).as("%s", run).isEqualTo("lost");
        assertThat(run.at("/shards/0/error").asText()).contains("rack lost: " + remaining);
        assertThat(run.at("/shards/0/attempts/0/rack").asText()).isEqualTo(remaining);
        assertThat(run.at("/shards/0/attempts/0/outcome").asText()).isEqualTo("lost");
    }
}
