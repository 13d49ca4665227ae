package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.MonitorMain;
import dev.hive.monitor.fleet.HubResources;
import dev.hive.monitor.task.RunnerLauncher;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.fleet.FleetCodec;
import dev.hive.protocol.fleet.Shard;
import dev.hive.protocol.fleet.testing.NatsHub;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's per-rack permissions, all real: the permission file is written by {@code hive-monitor
 * fleet-hub-config} from a racks file, a {@code nats-server} runs on it, a front and a one-board rack (target
 * lm3s6965evb) log in with their own users. The rack completes a run through the front with nothing refused;
 * the same rack credentials are refused by the hub when they publish a shard, put another rack's inventory
 * key, create or delete work-queue resources, or take work from another target's consumer.
 */
class FleetPermissionIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FRONT_PW = "front-password-1";
    private static final String RACK_PW = "rack-a-password-1";

    @TempDir
    static Path dir;

    static NatsHub hub;
    static LiveMonitor front;
    static LiveMonitor rack;

    @BeforeAll
    static void startFleet() throws Exception {
        Path racks = dir.resolve("racks.yaml");
        Files.writeString(
                racks,
                "front: {id: front, password: " + FRONT_PW + "}\nracks:\n"
                        + "  - {id: rack-a, password: " + RACK_PW + ", targets: [lm3s6965evb]}\n"
                        + "  - {id: rack-b, password: rack-b-password-1, targets: [netduinoplus2]}\n");
        Path conf = dir.resolve("hub-permissions.conf");
        int exit = MonitorMain.commandLine()
                .execute("fleet-hub-config", "--racks", racks.toString(), "--out", conf.toString());
        assertThat(exit).isZero();
        assertThat(Files.readString(conf)).doesNotContain(RACK_PW).contains("$2a$");
        hub = NatsHub.start(dir.resolve("hub"), List.of("-c", conf.toString()));
        front = LiveMonitor.start(
                dir.resolve("front"),
                "name: front\nbackend: none\n",
                fleet("front", FRONT_PW, "front"),
                RunnerLauncher.javaJar());
        // the front sets up the hub (streams, buckets): a rack may not
        try (Connection admin = connect("front", FRONT_PW, new CopyOnWriteArrayList<>())) {
            awaitTrue(() -> {
                try {
                    admin.jetStreamManagement().getStreamInfo("KV_hive-racks");
                    admin.jetStreamManagement().getStreamInfo("OBJ_hive-runners");
                    admin.jetStreamManagement().getStreamInfo(HubResources.RUNS_STREAM);
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
        }
        rack = LiveMonitor.start(
                dir.resolve("rack-a"),
                "name: rack-a\nbackend: virtual\nchannels: 1\nstacks:\n  - name: stack-a\n    targets: [lm3s6965evb]\n",
                fleet("rack-a", RACK_PW, "rack"),
                RunnerLauncher.javaJar());
    }

    @AfterAll
    static void stopFleet() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {front, rack, hub}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static String fleet(String id, String password, String role) {
        return "fleet:\n  enabled: true\n  servers: [nats://" + id + ":" + password + "@127.0.0.1:" + hub.port()
                + "]\n  rackId: " + id + "\n  role: " + role
                + "\n  lab: lab-it\n  inventoryTtlSeconds: 6\n  claimSeconds: 6\n";
    }

    @Test
    void aRackWithItsOwnUserCompletesARunThroughTheFrontWithNothingRefused() throws Exception {
        try (Connection admin = connect("front", FRONT_PW, new CopyOnWriteArrayList<>())) {
            awaitTrue(() -> admin.keyValue("hive-racks").get("rack-a") != null);
        }
        RunStream stream = front.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(3));
        RunEnded ended = stream.awaitEnded(Duration.ZERO);
        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        List<TestFinished> finished = stream.all(TestFinished.class);
        assertThat(finished)
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.result().cell().target()).isEqualTo("lm3s6965evb"));
        assertThat(ended.summary().failed()).isZero();
        // a run pinned to the rack: it pulls its own consumer of pinned runs, which its user may
        RunStream pinned = front.run(LiveMonitor.exampleRunner(), "{\"rack\": \"rack-a\"}", Duration.ofMinutes(3));
        RunEnded pinnedEnded = pinned.awaitEnded(Duration.ZERO);
        assertThat(pinnedEnded.state()).as("run error: %s", pinnedEnded.error()).isEqualTo("finished");
        assertThat(pinned.all(TestFinished.class)).isNotEmpty().allSatisfy(f -> assertThat(f.rack())
                .isEqualTo("rack-a"));
        for (LiveMonitor m : List.of(rack, front)) {
            String status = m.health().get("fleet").toString();
            assertThat(status).as("the hub refused nothing the monitor does").doesNotContain("Permissions Violation");
        }
    }

    @Test
    void theRacksCredentialsCannotPublishRunsOrTouchAnotherRacksKeyOrWork() throws Exception {
        var errors = new CopyOnWriteArrayList<String>();
        FleetCodec codec = new FleetCodec();
        try (Connection admin = connect("front", FRONT_PW, new CopyOnWriteArrayList<>());
                Connection asRack = connect("rack-a", RACK_PW, errors)) {
            // another target's work, put on the queue by the front
            HubResources.ensureConsumer(admin, "netduinoplus2", Duration.ofSeconds(30));
            var shard = new Shard("perm-1", "netduinoplus2", "0".repeat(64), "{}");
            admin.jetStream().publish(HubResources.workSubject("netduinoplus2"), codec.encode(shard));

            // 1. publish a shard (runs)
            asRack.publish(HubResources.workSubject("lm3s6965evb"), codec.encode(shard));
            asRack.flush(Duration.ofSeconds(5));
            awaitRefused(errors, "hive.v1.runs.t.lm3s6965evb");

            // 2. put another rack's inventory key (its own is allowed)
            var kv = asRack.keyValue("hive-racks");
            assertThatThrownBy(() -> kv.put("rack-b", "{}".getBytes(StandardCharsets.UTF_8)));
            awaitRefused(errors, "$KV.hive-racks.rack-b");
            assertThat(admin.keyValue("hive-racks").get("rack-b")).isNull();

            // 3. take work from another target's consumer
            assertThatThrownBy(() -> asRack.jetStream()
                    .subscribe(null, PullSubscribeOptions.bind(HubResources.RUNS_STREAM, "RUNS_T_netduinoplus2")));
            awaitRefused(errors, "$JS.API.CONSUMER.INFO.HIVE_RUNS.RUNS_T_netduinoplus2");
            asRack.publish(
                    "$JS.API.CONSUMER.MSG.NEXT.HIVE_RUNS.RUNS_T_netduinoplus2",
                    asRack.createInbox(),
                    "1".getBytes(StandardCharsets.UTF_8));
            asRack.flush(Duration.ofSeconds(5));
            awaitRefused(errors, "$JS.API.CONSUMER.MSG.NEXT.HIVE_RUNS.RUNS_T_netduinoplus2");

            // 3b. take work pinned to another rack, even of a target it has
            HubResources.ensurePinnedConsumer(admin, "rack-b", Duration.ofSeconds(30));
            var pinned = new Shard("perm-2", "lm3s6965evb", "0".repeat(64), "{}");
            admin.jetStream().publish(HubResources.pinnedSubject("rack-b", "lm3s6965evb"), codec.encode(pinned));
            String rackB = HubResources.pinnedConsumer("rack-b");
            assertThatThrownBy(() ->
                    asRack.jetStream().subscribe(null, PullSubscribeOptions.bind(HubResources.RUNS_STREAM, rackB)));
            awaitRefused(errors, "$JS.API.CONSUMER.INFO.HIVE_RUNS." + rackB);
            asRack.publish(
                    "$JS.API.CONSUMER.MSG.NEXT.HIVE_RUNS." + rackB,
                    asRack.createInbox(),
                    "1".getBytes(StandardCharsets.UTF_8));
            asRack.flush(Duration.ofSeconds(5));
            awaitRefused(errors, "$JS.API.CONSUMER.MSG.NEXT.HIVE_RUNS." + rackB);

            // 4. make its own consumer on the work queue, or delete the queue
            assertThatThrownBy(() -> asRack.jetStreamManagement()
                    .addOrUpdateConsumer(
                            HubResources.RUNS_STREAM,
                            ConsumerConfiguration.builder()
                                    .durable("MINE")
                                    .filterSubject(HubResources.workSubject("netduinoplus2"))
                                    .ackPolicy(AckPolicy.Explicit)
                                    .build()));
            awaitRefused(errors, "$JS.API.CONSUMER.CREATE.HIVE_RUNS.MINE");
            assertThatThrownBy(() -> asRack.jetStreamManagement().deleteStream(HubResources.RUNS_STREAM));
            awaitRefused(errors, "$JS.API.STREAM.DELETE.HIVE_RUNS");

            // the other target's shard is still waiting, untouched
            var info = admin.jetStreamManagement().getConsumerInfo(HubResources.RUNS_STREAM, "RUNS_T_netduinoplus2");
            assertThat(info.getNumPending()).isEqualTo(1);
            assertThat(info.getNumAckPending()).isZero();
            // and so is the shard pinned to rack B, though rack A's monitor, idle with lm3s6965evb, asks for work
            var pinnedInfo = admin.jetStreamManagement().getConsumerInfo(HubResources.RUNS_STREAM, rackB);
            assertThat(pinnedInfo.getNumPending()).isEqualTo(1);
            assertThat(pinnedInfo.getNumAckPending()).isZero();
        }
    }

    private static Connection connect(String user, String password, List<String> errors) throws Exception {
        return Nats.connect(new Options.Builder()
                .server("nats://127.0.0.1:" + hub.port())
                .userInfo(user, password)
                .inboxPrefix("_INBOX_" + user)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                })
                .build());
    }

    /** The hub's own refusal: {@code Permissions Violation for Publish to "subject"}. */
    private static void awaitRefused(List<String> errors, String subject) throws Exception {
        String expected = "Permissions Violation for Publish to \"" + subject;
        awaitTrue(() -> errors.stream().anyMatch(e -> e.contains(expected)));
        assertThat(errors).anyMatch(e -> e.contains(expected));
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check check) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + WAIT);
            }
            Thread.sleep(200);
        }
    }
}
