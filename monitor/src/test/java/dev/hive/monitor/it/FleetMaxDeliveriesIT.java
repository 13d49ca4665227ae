package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.fleet.HubResources;
import dev.hive.monitor.task.RunnerLauncher;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.fleet.FleetCodec;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.fleet.RackInventoryCodec;
import dev.hive.protocol.fleet.Shard;
import dev.hive.protocol.fleet.ShardEvent;
import dev.hive.protocol.fleet.testing.NatsHub;
import dev.hive.protocol.run.RunPhase;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard claimed three times and never ended: a "rack" made of a plain jnats client (its inventory kept fresh
 * in the bucket, so the front's watchdog sees it live) claims the shard from the target's consumer, reports it
 * running and then neither renews nor acknowledges it, three times. After the third claim lapses the hub's
 * MAX_DELIVERIES advisory ends the shard, and the run, {@code failed} with "rack lost: the shard was claimed 3
 * times", not with failed tests. (The hub raises that advisory when a rack asks for work after the third claim
 * lapsed, so the test keeps asking, as an idle rack does.) No hardware: the front has none, the rack is the test.
 */
class FleetMaxDeliveriesIT {

    private static final String TARGET = "lm3s6965evb";

    @TempDir
    Path dir;

    @Test
    void aShardClaimedThreeTimesWithNoAttemptEndingEndsTheRunFailedRackLost() throws Exception {
        var ticker = Executors.newSingleThreadScheduledExecutor();
        try (NatsHub hub = NatsHub.start(dir.resolve("hub"));
                Connection ghost = Nats.connect(hub.url())) {
            LiveMonitor front = LiveMonitor.start(
                    dir.resolve("front"),
                    "name: front\nbackend: none\n",
                    "fleet:\n  enabled: true\n  servers: [" + hub.url() + "]\n  rackId: front\n  role: front\n"
                            + "  lab: lab-it\n  inventoryTtlSeconds: 4\n  claimSeconds: 2\n",
                    RunnerLauncher.javaJar());
            try (front) {
                // the front creates the bucket; the ghost rack keeps its entry fresh there
                var inventory = new RackInventoryCodec()
                        .encode(new RackInventory(
                                "ghost",
                                "lab-it",
                                "0",
                                List.of(new RackInventory.Target(TARGET, "0/0", "flashed")),
                                List.of(new RackInventory.Probe("probe", "ghost-0", "ready")),
                                1,
                                false,
                                0,
                                Instant.now()));
                ticker.scheduleWithFixedDelay(
                        () -> {
                            try {
                                ghost.keyValue("hive-racks").put("ghost", inventory);
                            } catch (Exception e) {
                                // the bucket is not there yet: the front creates it
                            }
                        },
                        0,
                        500,
                        TimeUnit.MILLISECONDS);
                LiveMonitor.Submitted submitted = submitWhenAdmitted(front);
                RunStream stream = front.stream(submitted.ticket());

                FleetCodec codec = new FleetCodec();
                for (int claim = 1; claim <= HubResources.MAX_DELIVER; claim++) {
                    Message m = claim(ghost);
                    assertThat(m.metaData().deliveredCount()).isEqualTo(claim);
                    Shard shard = codec.shard(m.getData());
                    ghost.jetStream()
                            .publish(
                                    HubResources.eventsSubject(shard.runKey()),
                                    codec.encode(new ShardEvent(
                                            shard.runKey(),
                                            TARGET,
                                            "ghost",
                                            claim,
                                            new PhaseChanged(0, RunPhase.RUNNING))));
                    // and then nothing: no renewal, no ack; the claim lapses after 2 s
                }

                // a rack keeps asking: the hub delivers the shard no more, and that ask (the hub finds the
                // shard's deliveries used up when it looks for the next message) raises the advisory
                assertThat(fetch(ghost, Duration.ofSeconds(8)))
                        .as("a fourth delivery")
                        .isNull();
                RunEnded ended = stream.awaitEnded(Duration.ofSeconds(60));
                assertThat(ended.state()).isEqualTo("failed");
                assertThat(ended.error())
                        .contains("rack lost: the shard was claimed 3 times (last by ghost) and no attempt ended");
                assertThat(ended.summary().failed()).isZero();
                assertThat(ended.summary().errors()).isZero();
                assertThat(stream.all(LogLine.class))
                        .extracting(LogLine::message)
                        .anyMatch(l -> l.contains("target " + TARGET + ": rack lost: the shard was claimed 3 times"));
                assertThat(front.getJson("/api/v1/runs/" + submitted.runId())
                                .get("state")
                                .asText())
                        .isEqualTo("failed");
            }
        } finally {
            ticker.shutdownNow();
        }
    }

    private static LiveMonitor.Submitted submitWhenAdmitted(LiveMonitor front) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            LiveMonitor.Submitted s = front.submit(
                    LiveMonitor.exampleRunner(),
                    "{\"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"" + TARGET + "\"]}}");
            if (s.status() == 201) {
                return s;
            }
            assertThat(s.status()).as("%s", s.body()).isEqualTo(422); // the ghost rack is not live yet
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the front does not admit the run: " + s.body());
            }
            Thread.sleep(300);
        }
    }

    /** The next delivery of the target's shard, waiting for the last claim to lapse. */
    private static Message claim(Connection c) throws Exception {
        Message m = fetch(c, Duration.ofSeconds(30));
        assertThat(m).as("a delivery of the shard").isNotNull();
        return m;
    }

    private static Message fetch(Connection c, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!HubResources.hasConsumer(c, HubResources.consumer(TARGET))) {
                Thread.sleep(100);
                continue;
            }
            JetStreamSubscription pull = c.jetStream()
                    .subscribe(
                            null, PullSubscribeOptions.bind(HubResources.RUNS_STREAM, HubResources.consumer(TARGET)));
            try {
                List<Message> got = pull.fetch(1, Duration.ofSeconds(1));
                if (!got.isEmpty()) {
                    return got.get(0);
                }
            } finally {
                pull.unsubscribe();
            }
        }
        return null;
    }
}
