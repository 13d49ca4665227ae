package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.auth.Role;
import dev.hive.monitor.fleet.FleetBoard;
import dev.hive.monitor.task.RunnerLauncher;
import dev.hive.monitor.web.graphql.Browser;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.fleet.testing.NatsHub;
import dev.hive.protocol.run.TestStatus;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The fleet's work path end to end, all real and on loopback: a {@code nats-server} with JetStream, a front
 * monitor without hardware ({@code backend: none}, {@code fleet.role: front}) and two rack monitors with two
 * QEMU boards each: rack A has lm3s6965evb and sifive_e, rack B lm3s6965evb and netduinoplus2. A run goes to the
 * front exactly as to a single rack (multipart POST, run WebSocket); the racks' HTTP servers are never
 * contacted (they only dial out to the hub).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetRunIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static NatsHub hub;
    static LiveMonitor front;
    static LiveMonitor rackA;
    static LiveMonitor rackB;

    @BeforeAll
    static void startFleet() throws Exception {
        hub = NatsHub.start(dir.resolve("hub"));
        rackA = LiveMonitor.start(
                dir.resolve("rack-a"),
                rack("rack-a", "lm3s6965evb", "sifive_e"),
                fleet("rack-a", "rack"),
                RunnerLauncher.javaJar());
        rackB = LiveMonitor.start(
                dir.resolve("rack-b"),
                rack("rack-b", "lm3s6965evb", "netduinoplus2"),
                fleet("rack-b", "rack"),
                RunnerLauncher.javaJar());
        front = LiveMonitor.start(
                dir.resolve("front"),
                "name: front\nbackend: none\n",
                fleet("front", "front"),
                RunnerLauncher.javaJar());
        awaitLiveRacks(Set.of("rack-a", "rack-b"));
    }

    @AfterAll
    static void stopFleet() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {front, rackA, rackB, hub}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static String rack(String name, String... targets) {
        return "name: " + name + "\nbackend: virtual\nchannels: 2\nstacks:\n  - name: stack-a\n    targets: ["
                + String.join(", ", targets) + "]\n";
    }

    private static String fleet(String rackId, String role) {
        return "fleet:\n  enabled: true\n  servers: [" + hub.url() + "]\n  rackId: " + rackId + "\n  role: " + role
                + "\n  lab: lab-it\n  inventoryTtlSeconds: 6\n  claimSeconds: 6\n";
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

    @Test
    @Order(0)
    void theFrontListsEveryRackWithItsTargetsAndEachMonitorItsHubConnection() throws Exception {
        JsonNode fleet = front.getJson("/api/v1/fleet");
        assertThat(fleet.get("role").asText()).isEqualTo("front");
        assertThat(fleet.at("/hub/state").asText()).isEqualTo("connected");
        assertThat(fleet.at("/hub/server").asText()).isEqualTo(hub.url());
        assertThat(fleet.get("racksError"))
                .as("racks read from the hub: %s", fleet)
                .isNull();
        Map<String, JsonNode> racks = new TreeMap<>();
        fleet.get("racks").forEach(r -> racks.put(r.get("id").asText(), r));
        assertThat(racks).containsOnlyKeys("rack-a", "rack-b");
        assertThat(racks.get("rack-a").get("targets"))
                .extracting(t -> t.get("name").asText())
                .containsExactlyInAnyOrder("lm3s6965evb", "sifive_e");
        assertThat(racks.get("rack-b").get("targets"))
                .extracting(t -> t.get("name").asText())
                .containsExactlyInAnyOrder("lm3s6965evb", "netduinoplus2");
        for (JsonNode rack : racks.values()) {
            assertThat(rack.get("lab").asText()).isEqualTo("lab-it");
            assertThat(rack.get("live").asBoolean()).isTrue();
            assertThat(rack.get("busy").isBoolean()).isTrue();
            assertThat(rack.get("queueLength").asInt()).isZero();
            assertThat(java.time.Instant.parse(rack.get("lastSeen").asText())).isNotNull();
            assertThat(rack.get("targets"))
                    .allSatisfy(t -> assertThat(t.get("health").asText()).isIn("GOOD", "UNKNOWN"));
        }
        JsonNode own = rackA.getJson("/api/v1/fleet");
        assertThat(own.get("role").asText()).isEqualTo("rack");
        assertThat(own.at("/hub/rackId").asText()).isEqualTo("rack-a");
        assertThat(own.at("/hub/state").asText()).isEqualTo("connected");
        assertThat(own.has("racks")).as("a rack reads no inventory: %s", own).isFalse();
        assertThat(front.health().at("/fleet/role").asText()).isEqualTo("front");
    }

    @Test
    @Order(1)
    void aRunIsSplitByTargetOverTheRacksAndStreamedBackComplete() throws Exception {
        RunStream stream = front.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(5));
        RunEnded ended = stream.awaitEnded(Duration.ZERO);
        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        assertThat(stream.closed.get()).isEqualTo(1000);

        List<TestFinished> finished = assertCompleteMatrix(stream, ended);
        // stored on the front with the rack that ran each result: a target only one rack has ran there
        JsonNode run = front.getJson("/api/v1/runs/" + ended.runId());
        assertThat(run.get("state").asText()).isEqualTo("finished");
        assertThat(run.get("results")).hasSize(finished.size());
        Map<String, Set<String>> racksByTarget = new HashMap<>();
        for (JsonNode r : run.get("results")) {
            racksByTarget
                    .computeIfAbsent(r.get("target").asText(), k -> new TreeSet<>())
                    .add(r.get("rack").asText());
            assertThat(TestStatus.valueOf(r.get("status").asText())).isIn(TestStatus.PASSED, TestStatus.SKIPPED);
        }
        assertThat(racksByTarget.get("sifive_e")).containsExactly("rack-a");
        assertThat(racksByTarget.get("netduinoplus2")).containsExactly("rack-b");
        // the streamed results name the rack that ran them too, the same as stored
        Map<String, Set<String>> streamedRacks = new HashMap<>();
        for (TestFinished f : finished) {
            streamedRacks
                    .computeIfAbsent(f.result().cell().target(), k -> new TreeSet<>())
                    .add(String.valueOf(f.rack()));
        }
        assertThat(streamedRacks).isEqualTo(racksByTarget);
        assertThat(racksByTarget.get("lm3s6965evb"))
                .as("one shard per target: one rack ran it")
                .hasSize(1)
                .isSubsetOf("rack-a", "rack-b");
        assertThat(stream.all(LogLine.class))
                .extracting(LogLine::message)
                .anyMatch(m -> m.contains("sifive_e finished on rack rack-a"))
                .anyMatch(m -> m.contains("netduinoplus2 finished on rack rack-b"));
    }

    @Test
    @Order(2)
    void theDashboardsGraphQLShowsTheFleetAndTheRackOfEachResult() throws Exception {
        front.monitor.graphQLDependencies().users().create("viewer", "a long enough password", Role.MAINTAINER);
        var browser = new Browser(front.base);
        assertThat(browser.login("viewer", "a long enough password").status()).isEqualTo(200);

        JsonNode data = browser.post("{ fleet { role hub { rackId state since server reason } racks { id lab live busy"
                        + " queueLength lastSeen targets { name slot state health } } racksError }"
                        + " runs(limit: 1) { runs { state results { target rack }"
                        + " shards { target state attempts { attempt rack outcome } } } } }")
                .body();
        assertThat(data.get("errors")).as("%s", data).isNull();
        JsonNode fleet = data.at("/data/fleet");
        assertThat(fleet.get("role").asText()).isEqualTo("FRONT");
        assertThat(fleet.at("/hub/state").asText()).isEqualTo("CONNECTED");
        assertThat(fleet.at("/hub/server").asText()).isEqualTo(hub.url());
        assertThat(fleet.get("racks"))
                .extracting(r -> r.get("id").asText() + " " + r.get("lab").asText() + " "
                        + r.get("live").asBoolean())
                .containsExactly("rack-a lab-it true", "rack-b lab-it true");
        assertThat(fleet.at("/racks/1/targets"))
                .extracting(t -> t.get("name").asText())
                .containsExactlyInAnyOrder("lm3s6965evb", "netduinoplus2");
        JsonNode results = data.at("/data/runs/runs/0/results");
        assertThat(results).isNotEmpty();
        assertThat(results).allSatisfy(r -> assertThat(r.get("rack").asText()).isIn("rack-a", "rack-b"));
        assertThat(results)
                .filteredOn(r -> r.get("target").asText().equals("sifive_e"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.get("rack").asText()).isEqualTo("rack-a"));
        // one shard per target, each finished by the rack its results name
        JsonNode shards = data.at("/data/runs/runs/0/shards");
        assertThat(shards)
                .extracting(s -> s.get("target").asText() + " " + s.get("state").asText())
                .containsExactly("lm3s6965evb FINISHED", "netduinoplus2 FINISHED", "sifive_e FINISHED");
        for (JsonNode shard : shards) {
            String target = shard.get("target").asText();
            Set<String> racksOfResults = new TreeSet<>();
            results.forEach(r -> {
                if (r.get("target").asText().equals(target)) {
                    racksOfResults.add(r.get("rack").asText());
                }
            });
            JsonNode attempts = shard.get("attempts");
            assertThat(attempts).as("%s", shard).isNotEmpty();
            JsonNode last = attempts.get(attempts.size() - 1);
            assertThat(last.get("attempt").asInt()).isEqualTo(attempts.size());
            assertThat(last.get("outcome").asText()).isEqualTo("FINISHED");
            assertThat(racksOfResults).contains(last.get("rack").asText());
        }

        // a rack's own dashboard: its hub connection, no other racks
        rackA.monitor.graphQLDependencies().users().create("viewer", "a long enough password", Role.MAINTAINER);
        var atRack = new Browser(rackA.base);
        assertThat(atRack.login("viewer", "a long enough password").status()).isEqualTo(200);
        JsonNode own = atRack.post("{ fleet { role hub { rackId state } racks { id } } }")
                .body();
        assertThat(own.at("/data/fleet/role").asText()).as("%s", own).isEqualTo("RACK");
        assertThat(own.at("/data/fleet/hub/rackId").asText()).isEqualTo("rack-a");
        assertThat(own.at("/data/fleet/hub/state").asText()).isEqualTo("CONNECTED");
        assertThat(own.at("/data/fleet/racks")).isEmpty();
    }

    @Test
    @Order(2)
    void aRunForATargetNoLiveRackOffersIsRefusedAtOnceNamingIt() throws Exception {
        LiveMonitor.Submitted refused = front.submit(
                LiveMonitor.exampleRunner(),
                "{\"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"sifive_e\", \"stm32f411\", \"microbit\"]}}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("error").asText())
                .contains("no live rack of the fleet offers stm32f411, microbit");
        assertThat(refused.body().get("targets")).extracting(JsonNode::asText).containsExactly("stm32f411", "microbit");
        JsonNode runs = front.getJson("/api/v1/runs");
        assertThat(runs.toString()).doesNotContain("stm32f411");
    }

    @Test
    @Order(2)
    void aRunPinnedToARackThatIsNotLiveOrLacksATargetIsRefusedAtOnceNamingThem() throws Exception {
        int before = front.getJson("/api/v1/runs?limit=1").get("total").asInt();

        LiveMonitor.Submitted unknown = front.submit(LiveMonitor.exampleRunner(), "{\"rack\": \"rack-z\"}");
        assertThat(unknown.status()).as(unknown.body().toString()).isEqualTo(422);
        assertThat(unknown.body().get("error").asText())
                .contains("pinned to rack rack-z, which is not a live rack of the fleet (live racks: rack-a, rack-b)");

        LiveMonitor.Submitted lacking = front.submit(
                LiveMonitor.exampleRunner(),
                "{\"rack\": \"rack-b\", \"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"lm3s6965evb\","
                        + " \"sifive_e\"]}}");
        assertThat(lacking.status()).as(lacking.body().toString()).isEqualTo(422);
        assertThat(lacking.body().get("error").asText())
                .contains("rack rack-b does not offer sifive_e (it offers: lm3s6965evb, netduinoplus2)");
        assertThat(lacking.body().get("targets")).extracting(JsonNode::asText).containsExactly("sifive_e");

        // nothing was stored nor queued
        assertThat(front.getJson("/api/v1/runs?limit=1").get("total").asInt()).isEqualTo(before);

        // a rack of the fleet is not a front: it refuses the option, naming it
        LiveMonitor.Submitted atRack = rackA.submit(LiveMonitor.exampleRunner(), "{\"rack\": \"rack-a\"}");
        assertThat(atRack.status()).as(atRack.body().toString()).isEqualTo(422);
        assertThat(atRack.body().get("error").asText()).contains("this monitor is not a fleet front: 'rack' (rack-a)");
    }

    /**
     * Two runs pinned to rack B: the first (netduinoplus2) keeps rack B busy while the second's lm3s6965evb shard
     * waits; rack A, idle and with lm3s6965evb, does not take it. Every result of both runs is rack B's.
     */
    @Test
    @Order(5)
    void aRunPinnedToARackRunsEveryResultThereEvenWhenAnotherRackWithTheTargetIsIdle() throws Exception {
        LiveMonitor.Submitted busy = front.submit(
                LiveMonitor.exampleRunner(),
                "{\"rack\": \"rack-b\", \"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"netduinoplus2\"]}}");
        assertThat(busy.status()).as(busy.body().toString()).isEqualTo(201);
        RunStream busyStream = front.stream(busy.ticket());
        awaitShardState(busy.runId(), "running");

        LiveMonitor.Submitted pinned = front.submit(
                LiveMonitor.exampleRunner(),
                "{\"rack\": \"rack-b\", \"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"lm3s6965evb\"]}}");
        assertThat(pinned.status()).as(pinned.body().toString()).isEqualTo(201);
        RunStream pinnedStream = front.stream(pinned.ticket());

        for (var run : List.of(busyStream, pinnedStream)) {
            RunEnded ended = run.awaitEnded(Duration.ofMinutes(3));
            assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
            assertThat(run.all(TestFinished.class)).isNotEmpty().allSatisfy(f -> assertThat(f.rack())
                    .isEqualTo("rack-b"));
        }
        JsonNode stored = front.getJson("/api/v1/runs/" + pinned.runId());
        assertThat(stored.get("results"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.get("rack").asText()).isEqualTo("rack-b"))
                .allSatisfy(r -> assertThat(r.get("target").asText()).isEqualTo("lm3s6965evb"));
        assertThat(stored.get("shards")).singleElement().satisfies(shard -> {
            assertThat(shard.get("target").asText()).isEqualTo("lm3s6965evb");
            assertThat(shard.get("pinnedRack").asText()).isEqualTo("rack-b");
            assertThat(shard.get("state").asText()).isEqualTo("finished");
            assertThat(shard.get("attempts"))
                    .extracting(a -> a.get("rack").asText())
                    .containsExactly("rack-b");
        });

        // and in the dashboard's GraphQL
        front.monitor.graphQLDependencies().users().create("pin-viewer", "a long enough password", Role.MAINTAINER);
        var browser = new Browser(front.base);
        assertThat(browser.login("pin-viewer", "a long enough password").status())
                .isEqualTo(200);
        JsonNode data = browser.post("{ run(id: " + pinned.runId() + ") { shards { target pinnedRack } } }")
                .body();
        assertThat(data.get("errors")).as("%s", data).isNull();
        assertThat(data.at("/data/run/shards/0/pinnedRack").asText()).isEqualTo("rack-b");
    }

    /** Waits until the front's first shard of run {@code runId} is in {@code state}. */
    private static void awaitShardState(long runId, String state) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
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
    @Order(5)
    void aSubmissionRepeatedWithOneKeyIsOneFleetRunThatRunsOnce() throws Exception {
        String key = java.util.UUID.randomUUID().toString();
        String options = "{\"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"sifive_e\"]}}";
        int before = front.getJson("/api/v1/runs?limit=1").get("total").asInt();

        LiveMonitor.Submitted first = front.submit(LiveMonitor.exampleRunner(), options, key);
        LiveMonitor.Submitted second = front.submit(LiveMonitor.exampleRunner(), options, key);

        assertThat(first.status()).as(first.body().toString()).isEqualTo(201);
        assertThat(second.status()).as(second.body().toString()).isEqualTo(200);
        assertThat(second.runId()).isEqualTo(first.runId());
        assertThat(front.getJson("/api/v1/runs?limit=1").get("total").asInt()).isEqualTo(before + 1);
        RunStream stream = front.stream(second.ticket());
        RunEnded ended = stream.awaitEnded(Duration.ofMinutes(3));
        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        List<TestFinished> finished = stream.all(TestFinished.class);
        assertThat(finished)
                .isNotEmpty()
                .allMatch(f -> f.result().cell().target().equals("sifive_e"));
        assertThat(finished.stream()
                        .map(f -> f.result().cell().probe() + " " + f.result().testId())
                        .distinct()
                        .count())
                .as("each test once per cell: one execution")
                .isEqualTo(finished.size());
        assertThat(front.getJson("/api/v1/runs/" + first.runId()).get("results"))
                .hasSize(finished.size());
        assertThat(front.getJson("/api/v1/runs?limit=1").get("total").asInt()).isEqualTo(before + 1);
    }

    /** The exact matrix: every test on every probe x target, once; the same tests on every cell; none failed. */
    private static List<TestFinished> assertCompleteMatrix(RunStream stream, RunEnded ended) {
        List<TestFinished> finished = stream.all(TestFinished.class);
        assertThat(finished).isNotEmpty();
        assertThat(ended.summary().total()).isEqualTo(finished.size());
        assertThat(ended.summary().failed()).isZero();
        assertThat(ended.summary().errors()).isZero();
        // the exact matrix: every test on every probe x target, once; the same tests on every cell
        Map<String, List<String>> testsByCell = new TreeMap<>();
        for (TestFinished f : finished) {
            var cell = f.result().cell();
            testsByCell
                    .computeIfAbsent(cell.target() + " @ " + cell.probeSerial(), k -> new ArrayList<>())
                    .add(f.result().testId());
        }
        assertThat(testsByCell.keySet())
                .containsExactly(
                        "lm3s6965evb @ hive-virtual-0",
                        "lm3s6965evb @ hive-virtual-1",
                        "netduinoplus2 @ hive-virtual-0",
                        "netduinoplus2 @ hive-virtual-1",
                        "sifive_e @ hive-virtual-0",
                        "sifive_e @ hive-virtual-1");
        Set<String> tests = new TreeSet<>(testsByCell.values().iterator().next());
        testsByCell.forEach((cell, ids) -> {
            assertThat(ids).as("tests on %s", cell).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(ids)).as("tests on %s", cell).isEqualTo(tests);
        });

        return finished;
    }

    @Test
    @Order(3)
    void aHubKilledAndRestartedOnItsStoreMidRunLosesNothing() throws Exception {
        RunStream stream =
                front.stream(front.submit(LiveMonitor.exampleRunner(), null).ticket());
        stream.await(TestFinished.class, f -> true, Duration.ofMinutes(2));
        hub.kill();
        assertThat(stream.all(RunEnded.class)).as("killed mid-run").isEmpty();
        awaitFrontHub("reconnecting");
        hub.restartOnItsStore();
        RunEnded ended = stream.awaitEnded(Duration.ofMinutes(4));
        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        assertCompleteMatrix(stream, ended);
        awaitFrontHub("connected");
    }

    @Test
    @Order(4)
    void aShardPublishedTwiceRunsOnce() throws Exception {
        Path jar = LiveMonitor.exampleRunner();
        String sha = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(java.nio.file.Files.readAllBytes(jar)));
        var codec = new dev.hive.protocol.fleet.FleetCodec();
        var shard = new dev.hive.protocol.fleet.Shard(
                "dup-1", "sifive_e", sha, "{\"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"sifive_e\"]}}");
        try (Connection client = Nats.connect(hub.url())) {
            dev.hive.monitor.fleet.RunnerStore.upload(client, sha, jar);
            List<dev.hive.protocol.fleet.ShardEvent> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
            var endSeen = new java.util.concurrent.CompletableFuture<Void>();
            client.createDispatcher(m -> {
                        var e = codec.event(m.getData());
                        if (e.event() instanceof RunEnded) {
                            ends.add(e);
                            endSeen.complete(null);
                        }
                    })
                    .subscribe(dev.hive.monitor.fleet.HubResources.eventsSubject("dup-1"));
            client.flush(Duration.ofSeconds(5));
            var js = client.jetStream();
            var options = io.nats.client.PublishOptions.builder()
                    .messageId(shard.messageId())
                    .build();
            var message = io.nats.client.impl.NatsMessage.builder()
                    .subject(dev.hive.monitor.fleet.HubResources.workSubject("sifive_e"))
                    .data(codec.encode(shard))
                    .build();
            assertThat(js.publish(message, options).isDuplicate()).isFalse();
            assertThat(js.publish(message, options).isDuplicate())
                    .as("the second publication within the window")
                    .isTrue();
            endSeen.get(2, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(ends.get(0).rackId()).isEqualTo("rack-a");
            assertThat(((RunEnded) ends.get(0).event()).state()).isEqualTo("finished");
            // the end is stored before the shard is acknowledged: wait for the acknowledgement
            long deadline = System.nanoTime() + WAIT.toNanos();
            long left;
            while ((left = client.jetStreamManagement()
                                    .getStreamInfo(dev.hive.monitor.fleet.HubResources.RUNS_STREAM)
                                    .getStreamState()
                                    .getMsgCount())
                            > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(left).as("nothing left on the work queue to run again").isZero();
            assertThat(ends).as("one execution").hasSize(1);
        }
    }

    @Test
    @Order(5)
    void aSocketDroppedMidRunReattachesToTheFrontAndMissesNothing() throws Exception {
        LiveMonitor.Submitted submitted = front.submit(LiveMonitor.exampleRunner(), null);
        RunStream first = front.stream(submitted.ticket());
        first.await(TestFinished.class, t -> true, Duration.ofMinutes(5));
        first.drop();
        List<Long> firstSeqs = List.copyOf(first.seqs);
        long last = firstSeqs.get(firstSeqs.size() - 1);

        RunStream again = RunStream.open(
                front.http,
                URI.create(
                        "ws" + front.base.substring(4) + "/api/v1/runs/" + submitted.runId() + "/socket?after=" + last),
                front.token);
        RunEnded ended = again.awaitEnded(Duration.ofMinutes(5));

        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        List<Long> all = new ArrayList<>(firstSeqs);
        all.addAll(again.seqs);
        assertThat(all)
                .as("every event once, in order")
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, all.size())
                        .boxed()
                        .toList());
        List<TestFinished> finished = new ArrayList<>(first.all(TestFinished.class));
        finished.addAll(again.all(TestFinished.class));
        assertThat(finished).hasSize(ended.summary().total());
        assertThat(finished.stream()
                        .map(f -> f.result().cell().target() + "|"
                                + f.result().cell().probeSerial() + "|"
                                + f.result().testId()))
                .doesNotHaveDuplicates();
        assertThat(finished).allSatisfy(f -> assertThat(f.rack()).isIn("rack-a", "rack-b"));
    }

    private static void awaitFrontHub(String state) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!front.health().get("fleet").get("state").asText().equals(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the front's hub link is not " + state + ": " + front.health());
            }
            Thread.sleep(100);
        }
    }
}
