package dev.hive.monitor.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.config.FleetConfig;
import dev.hive.monitor.config.FleetRole;
import dev.hive.monitor.db.Database;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.fleet.RackInventoryCodec;
import dev.hive.protocol.fleet.testing.NatsHub;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which racks the fleet view lists, live or gone, and what it says while the hub is away. */
class FleetRosterTest {

    private Instant now = Instant.parse("2026-12-07T05:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final FleetLink link = new FleetLink(FleetConfig.DISABLED, "front", clock);

    @Test
    void aRackThatDroppedOutOfTheBucketIsListedAsGoneThenForgotten() {
        var roster = new FleetRoster(link, FleetRole.FRONT, clock);
        roster.update(List.of(rack("rack-b", "lab2"), rack("rack-a", "lab1")));
        assertThat(roster.racks())
                .extracting(r -> r.inventory().rackId() + " " + r.live())
                .containsExactly("rack-a true", "rack-b true");

        now = now.plusSeconds(30);
        roster.update(List.of(rack("rack-a", "lab1")));
        assertThat(roster.racks())
                .extracting(r -> r.inventory().rackId() + " " + r.live())
                .containsExactly("rack-a true", "rack-b false");

        now = now.plus(FleetRoster.KEEP_GONE).plus(Duration.ofSeconds(1));
        roster.update(List.of(rack("rack-a", "lab1")));
        assertThat(roster.racks()).extracting(r -> r.inventory().rackId()).containsExactly("rack-a");
    }

    @Test
    void aFrontStartedAgainOnItsDatabaseListsTheRacksItSawBeforeAsGoneWithinTheHour(@TempDir Path dir) {
        try (Database db = Database.open(dir.resolve("hive.db"), clock)) {
            var before = new FleetRoster(link, FleetRole.FRONT, null, new RackSightings(db), clock);
            before.update(List.of(rack("rack-a", "lab1"), rack("rack-b", "lab2")));
            Instant rackBSeen = now;
            now = now.plusSeconds(40);
            before.update(List.of(rack("rack-a", "lab1")));

            now = now.plusSeconds(600); // the front restarts 10 min later; rack-b stopped before, rack-a since
            var after = new FleetRoster(link, FleetRole.FRONT, null, new RackSightings(db), clock);
            after.recall();
            assertThat(after.racks())
                    .extracting(r -> r.inventory().rackId() + " " + r.live() + " "
                            + r.inventory().publishedAt())
                    .containsExactly("rack-a false " + rackBSeen.plusSeconds(40), "rack-b false " + rackBSeen);

            after.update(List.of(rack("rack-a", "lab1")));
            assertThat(after.racks())
                    .extracting(r -> r.inventory().rackId() + " " + r.live())
                    .containsExactly("rack-a true", "rack-b false");

            // an hour after rack-b was last seen live, a front started again no longer lists it
            now = rackBSeen.plus(FleetRoster.KEEP_GONE).plusSeconds(1);
            var later = new FleetRoster(link, FleetRole.FRONT, null, new RackSightings(db), clock);
            later.recall();
            assertThat(later.racks()).extracting(r -> r.inventory().rackId()).containsExactly("rack-a");
        }
    }

    @Test
    void aFrontRemembersTheRacksItsDispatcherReadAndReadsThemItselfWhenNobodyLooks(@TempDir Path dir) throws Exception {
        var codec = new RackInventoryCodec();
        try (NatsHub hub = NatsHub.start(dir.resolve("hub"));
                Database db = Database.open(dir.resolve("hive.db"), clock);
                Connection client = Nats.connect(hub.url());
                FleetLink connected = new FleetLink(frontConfig(hub), "front", clock)) {
            HubResources.ensureInventoryBucket(client, Duration.ofMinutes(5));
            KeyValue bucket = client.keyValue(InventoryPublisher.BUCKET);
            bucket.put("rack-a", codec.encode(rack("rack-a", "lab1")));

            // the dispatcher reads the live racks through the roster's board; nobody looks at the fleet
            var front = new FleetRoster(link, FleetRole.FRONT, null, new RackSightings(db), clock);
            assertThat(front.board().live(client)).hasSize(1);
            assertThat(restartedFront(db)).containsExactly("rack-a false");

            // a front nobody reads for: its own timer reads the bucket once nobody did for STORE_EVERY
            connected.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (connected.connection().isEmpty()) {
                assertThat(System.nanoTime()).as("the link reached the hub").isLessThan(deadline);
                Thread.sleep(20);
            }
            var alone = new FleetRoster(connected, FleetRole.FRONT, null, new RackSightings(db), clock);
            bucket.put("rack-b", codec.encode(rack("rack-b", "lab2")));
            alone.tick();
            assertThat(restartedFront(db)).containsExactly("rack-a false", "rack-b false");

            bucket.put("rack-c", codec.encode(rack("rack-c", "lab2")));
            now = now.plusSeconds(10);
            alone.tick(); // read 10 s ago: not yet
            assertThat(restartedFront(db)).containsExactly("rack-a false", "rack-b false");
            now = now.plus(FleetRoster.STORE_EVERY);
            alone.tick();
            assertThat(restartedFront(db)).containsExactly("rack-a false", "rack-b false", "rack-c false");
        }
    }

    /** What a front started again on {@code db} lists, before it reads the hub. */
    private List<String> restartedFront(Database db) {
        var restarted = new FleetRoster(link, FleetRole.FRONT, null, new RackSightings(db), clock);
        restarted.recall();
        return restarted.racks().stream()
                .map(r -> r.inventory().rackId() + " " + r.live())
                .toList();
    }

    private static FleetConfig frontConfig(NatsHub hub) {
        return new FleetConfig(
                true,
                List.of(URI.create(hub.url())),
                Optional.empty(),
                Optional.of("front"),
                "lab1",
                Optional.empty(),
                Duration.ofMinutes(5),
                FleetRole.FRONT,
                Duration.ofSeconds(60));
    }

    @Test
    void aFrontWithoutItsHubSaysSoAndARackListsNoRacks() {
        var front = new FleetRoster(link, FleetRole.FRONT, clock).overview();
        assertThat(front.racksError()).hasValueSatisfying(e -> assertThat(e)
                .isEqualTo("the hub is not connected (connecting): the racks are as last read"));
        assertThat(front.hub().state()).isEqualTo(FleetStatus.State.CONNECTING);
        assertThat(front.hub().since()).isEqualTo(Instant.parse("2026-12-07T05:00:00Z"));

        var rack = new FleetRoster(link, FleetRole.RACK, clock).overview();
        assertThat(rack.role()).isEqualTo(FleetRole.RACK);
        assertThat(rack.racks()).isEmpty();
        assertThat(rack.racksError()).isEmpty();
    }

    private RackInventory rack(String id, String lab) {
        return new RackInventory(
                id,
                lab,
                "0.1.0",
                List.of(new RackInventory.Target("lm3s6965evb", "0/0", "flashed", "GOOD")),
                List.of(),
                2,
                false,
                0,
                now);
    }
}
