package dev.hive.monitor.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.MutableClock;
import dev.hive.monitor.health.Health;
import dev.hive.monitor.health.HealthChange;
import dev.hive.monitor.health.HealthRepository;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.virtual.FlashedVirtualRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Leases and target health together, against a real virtual rack (the one of {@link LeasesTest}) and SQLite. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaseTargetHealthTest {
    static final SlotAddress LM3S = new SlotAddress(0, 0);
    static final SlotAddress SIFIVE = new SlotAddress(1, 0);

    FlashedVirtualRack flashed;

    @TempDir
    Path dir;

    @BeforeAll
    void startRack() throws Exception {
        Path rackDir = Files.createTempDirectory("hive-lease-health-test");
        flashed = FlashedVirtualRack.start(
                LeasesTest.RACK_FILE, "lease-health-test", Files.createDirectories(rackDir.resolve("build")));
    }

    @AfterAll
    void stopRack() {
        if (flashed != null) {
            flashed.close();
        }
    }

    @Test
    void aTargetRunsMayNotUseIsNotLeasedAndAnEndedLeaseMakesAGoodTargetUnknown() throws Exception {
        var clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        try (Database db = Database.open(dir.resolve("hive.db"), clock)) {
            var alice = Holder.token(
                    new ApiTokenRepository(db, clock)
                            .create("alice", "", Optional.empty())
                            .token()
                            .id(),
                    "alice");
            var health = new TargetHealth(new HealthRepository(db), flashed.rack(), clock);
            var leases = new Leases(
                    LeasesTest.CONFIG,
                    new LeaseRepository(db),
                    flashed.rack(),
                    new LeaseReservations(),
                    new RackRestore(flashed.rack(), flashed::build),
                    new LeaseTargetHealth(health),
                    clock);
            try {
                health.set(
                        SIFIVE,
                        Health.MAINTENANCE,
                        HealthChange.Kind.SET,
                        "root",
                        "replacing its cable",
                        Optional.empty(),
                        Optional.empty());
                assertThatThrownBy(() -> leases.create(request("sifive_e"), alice))
                        .isInstanceOf(LeaseException.class)
                        .hasMessageContaining("MAINTENANCE")
                        .hasMessageContaining("replacing its cable")
                        .extracting(e -> ((LeaseException) e).kind())
                        .isEqualTo(LeaseException.Kind.CONFLICT);
                assertThat(leases.list(true)).isEmpty();

                health.set(
                        LM3S,
                        Health.GOOD,
                        HealthChange.Kind.CHECK,
                        "health-check",
                        "health check passed",
                        Optional.empty(),
                        Optional.empty());
                Lease lease = leases.create(request("lm3s6965evb"), alice);
                leases.release(lease.id(), alice);
                assertThat(leases.awaitRestored(Duration.ofSeconds(30))).isTrue();

                assertThat(health.status(LM3S).orElseThrow().health()).isEqualTo(Health.UNKNOWN);
                HealthChange change = health.history(LM3S, 1).get(0);
                assertThat(change.kind()).isEqualTo(HealthChange.Kind.SYSTEM);
                assertThat(change.reason()).contains("lease " + lease.id(), "released");
                assertThat(health.status(SIFIVE).orElseThrow().health()).isEqualTo(Health.MAINTENANCE);
            } finally {
                leases.close();
                flashed.rack().disconnect(0);
                flashed.rack().disconnect(1);
            }
        }
    }

    private static LeaseRequest request(String target) {
        return new LeaseRequest(target, OptionalInt.empty(), OptionalInt.empty(), "attaching a debugger");
    }
}
