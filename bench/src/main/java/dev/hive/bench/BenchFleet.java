package dev.hive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.protocol.fleet.testing.NatsHub;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A fleet on loopback for {@link FleetBench}: a {@link NatsHub}, a front monitor without hardware and racks of
 * virtual boards (1 channel each), every monitor the packaged one in its own process ({@link MonitorProcess}). A
 * plain NATS client watches every shard event on the hub ({@code hive.v1.ev.>}) with the time it arrived, so
 * the benchmark sees which rack ran what, when, and in which attempt, without asking the monitors.
 */
final class BenchFleet implements AutoCloseable {

    /** One shard event as it passed the hub: when (this JVM's nanoTime), from which rack, the attempt and type. */
    record Seen(long nanos, String rackId, String target, int attempt, String type) {}

    private final Path dir;
    private final NatsHub hub;
    private final Connection client;
    final MonitorProcess front;
    final Map<String, MonitorProcess> racks;
    private final List<Seen> seen;

    private BenchFleet(
            Path dir,
            NatsHub hub,
            Connection client,
            MonitorProcess front,
            Map<String, MonitorProcess> racks,
            List<Seen> seen) {
        this.dir = dir;
        this.hub = hub;
        this.client = client;
        this.front = front;
        this.racks = racks;
        this.seen = seen;
    }

    /**
     * Starts the hub, one rack per entry of {@code targetsByRack} (rack id → its boards) with {@code claimSeconds},
     * and the front; returns once every rack's inventory is in the hub.
     */
    static BenchFleet start(Map<String, List<String>> targetsByRack, int claimSeconds) throws Exception {
        Path dir = Files.createTempDirectory("hive-bench-fleet-");
        var started = new ArrayList<AutoCloseable>();
        try {
            NatsHub hub = NatsHub.start(dir);
            started.add(hub);
            Connection client = Nats.connect(hub.url());
            started.add(client);
            List<Seen> seen = new CopyOnWriteArrayList<>();
            var json = new ObjectMapper();
            client.createDispatcher(message -> {
                        long now = System.nanoTime();
                        try {
                            JsonNode e = json.readTree(message.getData());
                            seen.add(new Seen(
                                    now,
                                    e.path("rackId").asText(),
                                    e.path("target").asText(),
                                    e.path("attempt").asInt(),
                                    e.path("event").path("type").asText()));
                        } catch (IOException notAnEvent) {
                            // not a shard event: nothing to time
                        }
                    })
                    .subscribe("hive.v1.ev.>");
            var racks = new java.util.LinkedHashMap<String, MonitorProcess>();
            for (var rack : targetsByRack.entrySet()) {
                Path runs = Files.createDirectories(dir.resolve("runs-" + rack.getKey()));
                MonitorProcess monitor = MonitorProcess.start(
                        rackFile(rack.getKey(), rack.getValue(), runs),
                        fleet(hub, rack.getKey(), "rack", claimSeconds));
                started.add(monitor);
                racks.put(rack.getKey(), monitor);
            }
            MonitorProcess front =
                    MonitorProcess.start("name: front\nbackend: none\n", fleet(hub, "front", "front", claimSeconds));
            started.add(front);
            awaitLive(client, targetsByRack.keySet());
            return new BenchFleet(dir, hub, client, front, racks, seen);
        } catch (Exception e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
            delete(dir);
            throw e;
        }
    }

    /** A rack of 1 channel reaching {@code targets} on one stack, its QEMU run directories under {@code runs}. */
    static String rackFile(String name, List<String> targets, Path runs) {
        return "name: " + name + "\nbackend: virtual\nchannels: 1\nrunDirectory: " + runs
                + "\nstacks:\n  - name: stack-a\n    targets: [" + String.join(", ", targets) + "]\n";
    }

    /**
     * A short inventory TTL (6 s), as scripts/local-fleet uses: a rack that stops refreshing is seen gone soon.
     * (A rack once went 6 s without a refresh mid-shard: its inventory read waited on the board locks a flash
     * holds. Health and flash status are read without them now: VirtualRackStateTest.)
     */
    private static String fleet(NatsHub hub, String rackId, String role, int claimSeconds) {
        return "fleet:\n  enabled: true\n  servers: [" + hub.url() + "]\n  rackId: " + rackId + "\n  role: " + role
                + "\n  lab: bench\n  inventoryTtlSeconds: 6\n  claimSeconds: " + claimSeconds + "\n";
    }

    /** Waits (at most 2 minutes) until every rack's inventory is in the hub's {@code hive-racks} bucket. */
    private static void awaitLive(Connection client, Set<String> rackIds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        Set<String> live = new HashSet<>();
        while (System.nanoTime() < deadline) {
            try {
                live = new HashSet<>(client.keyValue("hive-racks").keys());
                if (live.containsAll(rackIds)) {
                    return;
                }
            } catch (IOException | JetStreamApiException notYet) {
                // the bucket is made by the first rack that publishes
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("racks live in the hub: " + live + ", expected " + rackIds);
    }

    /** Every shard event seen so far, in the order it arrived. */
    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Waits (at most {@code seconds}) for a shard event seen after index {@code from} that {@code matches}. */
    Seen await(int from, Predicate<Seen> matches, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            List<Seen> now = seen();
            for (int i = from; i < now.size(); i++) {
                if (matches.test(now.get(i))) {
                    return now.get(i);
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no such shard event within " + seconds + " s; seen: " + seen());
    }

    @Override
    public void close() throws Exception {
        front.close();
        for (MonitorProcess rack : racks.values()) {
            rack.close();
        }
        client.close();
        hub.close();
        delete(dir);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
