package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.Monitor;
import dev.hive.monitor.fleet.InventoryPublisher;
import dev.hive.monitor.rack.RackReinitializer;
import dev.hive.monitor.rack.TargetAssignment;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.fleet.RackInventoryCodec;
import dev.hive.protocol.fleet.testing.NatsHub;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real monitor with a small virtual rack (2 boards) in fleet mode against a real {@code nats-server} with
 * JetStream: the rack's inventory lands in the {@code hive-racks} bucket, where a plain jnats client reads
 * it; a rack change is republished at once; a killed and replaced hub gets it again without help; and a
 * stopped monitor's entry expires after the TTL.
 */
class FleetIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final RackInventoryCodec CODEC = new RackInventoryCodec();
    private static final List<NatsHub> HUBS = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterAll
    static void stopHubs() throws InterruptedException {
        for (NatsHub hub : HUBS) {
            hub.close();
        }
    }

    private NatsHub hub() throws IOException, InterruptedException {
        NatsHub hub = NatsHub.start(dir.resolve("hub"));
        HUBS.add(hub);
        return hub;
    }

    private static String fleetConfig(NatsHub hub, int ttlSeconds) {
        return "fleet:\n  enabled: true\n  servers: [" + hub.url() + "]\n  lab: lab-it\n  inventoryTtlSeconds: "
                + ttlSeconds + "\n";
    }

    @Test
    void theInventoryIsPublishedRepublishedOnAChangeAndAgainAfterTheHubIsReplaced() throws Exception {
        NatsHub hub = hub();
        // a long TTL: the timer refreshes every 40 s, so what shows up sooner was pushed by the change itself
        try (LiveMonitor live = LiveMonitor.start(dir.resolve("monitor"), fleetConfig(hub, 120))) {
            RackInventory first = awaitInventory(hub, i -> true);
            assertThat(first.rackId()).isEqualTo("monitor-it");
            assertThat(first.lab()).isEqualTo("lab-it");
            assertThat(first.monitorVersion()).isEqualTo(Monitor.version());
            assertThat(first.targets())
                    .extracting(RackInventory.Target::name, RackInventory.Target::slot)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("lm3s6965evb", "0/0"),
                            org.assertj.core.groups.Tuple.tuple("sifive_e", "0/1"));
            assertThat(first.probes())
                    .extracting(RackInventory.Probe::serial, RackInventory.Probe::state)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("hive-virtual-0", "ready"),
                            org.assertj.core.groups.Tuple.tuple("hive-virtual-1", "ready"));
            assertThat(first.channels()).isEqualTo(2);
            assertThat(first.busy()).isFalse();
            assertThat(first.queueLength()).isZero();
            JsonNode fleet = live.health().get("fleet");
            assertThat(fleet.get("state").asText()).isEqualTo("connected");
            assertThat(fleet.get("rackId").asText()).isEqualTo("monitor-it");
            assertThat(fleet.get("server").asText()).contains(Integer.toString(port(hub)));

            var deps = live.monitor.graphQLDependencies();
            deps.assignments().setTarget(TargetAssignment.known(0, 0, "netduinoplus2"));
            RackReinitializer.Outcome outcome = deps.control().reinitialize();
            assertThat(outcome.replaced()).isTrue();
            long reloaded = System.nanoTime();
            RackInventory swapped = awaitInventory(hub, hasTarget("netduinoplus2"), Duration.ofSeconds(10));
            assertThat(swapped.targets()).extracting(RackInventory.Target::name).doesNotContain("lm3s6965evb");
            assertThat(Duration.ofNanos(System.nanoTime() - reloaded)).isLessThan(Duration.ofSeconds(10));

            hub.kill();
            JsonNode lost = await(
                    () -> live.health().get("fleet"),
                    f -> f.get("state").asText().equals("reconnecting"));
            assertThat(lost.get("state").asText()).isEqualTo("reconnecting");
            hub.restart(); // the same port, an empty store: the bucket is gone too
            RackInventory again = awaitInventory(hub, hasTarget("netduinoplus2"));
            assertThat(again.publishedAt()).isAfter(swapped.publishedAt());
            JsonNode back = await(
                    () -> live.health().get("fleet"),
                    f -> f.get("state").asText().equals("connected"));
            assertThat(back.get("state").asText()).isEqualTo("connected");
            assertThat(back.get("lastError").asText()).isNotEmpty();
        }
    }

    @Test
    void aStoppedMonitorsEntryExpiresAfterTheTtl() throws Exception {
        NatsHub hub = hub();
        LiveMonitor live = LiveMonitor.start(dir.resolve("monitor"), fleetConfig(hub, 3));
        long revision;
        try (Connection client = Nats.connect(hub.url())) {
            try {
                KeyValueEntry entry = await(() -> entry(client), e -> e != null);
                assertThat(entry).as("inventory entry").isNotNull();
                // refreshed every second while the monitor runs: the entry outlives its 3 s TTL
                KeyValueEntry later =
                        await(() -> entry(client), e -> e != null && e.getRevision() >= entry.getRevision() + 4);
                assertThat(later.getRevision()).isGreaterThanOrEqualTo(entry.getRevision() + 4);
                revision = later.getRevision();
            } finally {
                live.close();
            }
            KeyValueEntry gone = await(() -> entry(client), e -> e == null);
            assertThat(gone)
                    .as("entry after the monitor stopped (last revision %d)", revision)
                    .isNull();
        }
    }

    private static Predicate<RackInventory> hasTarget(String name) {
        return i -> i.targets().stream().anyMatch(t -> t.name().equals(name));
    }

    private static RackInventory awaitInventory(NatsHub hub, Predicate<RackInventory> wanted) throws Exception {
        return awaitInventory(hub, wanted, WAIT);
    }

    /** This rack's inventory as a plain client reads it, once {@code wanted} (or the last one after {@code limit}). */
    private static RackInventory awaitInventory(NatsHub hub, Predicate<RackInventory> wanted, Duration limit)
            throws Exception {
        try (Connection client = Nats.connect(hub.url())) {
            KeyValueEntry entry =
                    await(() -> entry(client), e -> e != null && wanted.test(CODEC.decode(e.getValue())), limit);
            assertThat(entry)
                    .as("inventory entry in %s", InventoryPublisher.BUCKET)
                    .isNotNull();
            RackInventory inventory = CODEC.decode(entry.getValue());
            assertThat(wanted).as("inventory %s", inventory).accepts(inventory);
            return inventory;
        }
    }

    /** The entry of rack {@code monitor-it}, null while the bucket or the entry is missing. */
    private static KeyValueEntry entry(Connection client) throws IOException {
        try {
            return client.keyValue(InventoryPublisher.BUCKET).get("monitor-it");
        } catch (IOException e) {
            if (e.getCause() instanceof JetStreamApiException) {
                return null; // no bucket (yet)
            }
            throw e;
        } catch (JetStreamApiException | IllegalStateException e) {
            return null;
        }
    }

    private static <T> T await(Callable<T> read, Predicate<T> done) throws Exception {
        return await(read, done, WAIT);
    }

    /** Reads until {@code done} holds or {@code limit} passed; answers the last value read. */
    private static <T> T await(Callable<T> read, Predicate<T> done, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        T value = read.call();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            value = read.call();
        }
        return value;
    }

    private static int port(NatsHub hub) {
        return Integer.parseInt(hub.url().substring(hub.url().lastIndexOf(':') + 1));
    }
}
