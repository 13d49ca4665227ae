package dev.hive.monitor.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.MutableClock;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.virtual.FlashedVirtualRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases asked for with {@code wait} while a run is in progress ({@code docs/leases.md}, "Waiting for a run"): pending,
 * then granted when the run ends, in request order; cancelled, reclaimed, refused. A real virtual rack (two QEMU
 * boards on two stacks, two channels) and a real SQLite file, on a clock the test moves; the run is the task runner's
 * hook ({@link LeaseReservations#begin}/{@link LeaseReservations#end}), called as the task runner calls it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaseWaitTest {

    static final SlotAddress SIFIVE = new SlotAddress(1, 0);
    static final SlotAddress LM3S = new SlotAddress(0, 0);

    FlashedVirtualRack flashed;

    @TempDir
    Path dir;

    Database db;
    MutableClock clock;
    LeaseRepository repository;
    LeaseReservations reservations;
    List<Lease> heard;
    List<Lease> restored;
    Set<SlotAddress> bad;
    Leases leases;
    Holder alice;
    Holder bob;

    @BeforeAll
    void startRack() throws Exception {
        Path rackDir = Files.createTempDirectory("hive-lease-wait-test");
        flashed = FlashedVirtualRack.start(
                LeasesTest.RACK_FILE, "lease-wait-test", Files.createDirectories(rackDir.resolve("build")));
    }

    @AfterAll
    void stopRack() {
        if (flashed != null) {
            flashed.close();
        }
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        db = Database.open(dir.resolve("hive.db"), clock);
        repository = new LeaseRepository(db);
        var tokens = new dev.hive.monitor.auth.ApiTokenRepository(db, clock);
        alice = Holder.token(
                tokens.create("alice", "", Optional.empty()).token().id(), "alice");
        bob = Holder.token(tokens.create("bob", "", Optional.empty()).token().id(), "bob");
        reservations = new LeaseReservations();
        heard = new CopyOnWriteArrayList<>();
        restored = new CopyOnWriteArrayList<>();
        bad = ConcurrentHashMap.newKeySet();
        RackRestore rackRestore = new RackRestore(flashed.rack(), flashed::build);
        LeaseHealthHook health = new LeaseHealthHook() {
            @Override
            public Optional<String> refusal(SlotAddress slot) {
                return bad.contains(slot)
                        ? Optional.of("target " + slot + " is BAD: it failed its check")
                        : Optional.empty();
            }

            @Override
            public void leaseEnded(Lease lease, boolean ok) {}
        };
        leases = new Leases(
                LeasesTest.CONFIG,
                repository,
                flashed.rack(),
                reservations,
                lease -> {
                    restored.add(lease);
                    return rackRestore.restore(lease);
                },
                health,
                clock);
        leases.addListener(new LeaseListener() {
            @Override
            public void started(Lease lease) {
                heard.add(lease);
            }

            @Override
            public void ended(Lease lease) {}
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        leases.close();
        db.close();
        flashed.rack().disconnect(0);
        flashed.rack().disconnect(1);
    }

    private static LeaseRequest waiting(String target) {
        return new LeaseRequest(target, OptionalInt.empty(), OptionalInt.empty(), "after CI", true);
    }

    @Test
    void aWaitingLeaseIsPendingUntilTheRunEndsThenGrantedWithItsMinutesCountedFromTheGrant() {
        reservations.begin(7);
        assertThatThrownBy(() -> leases.create(
                        new LeaseRequest("sifive_e", OptionalInt.empty(), OptionalInt.empty(), ""), alice))
                .as("without wait: refused as before, with a hint")
                .hasMessageContaining("run 7 is using the rack")
                .hasMessageContaining("--wait")
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.CONFLICT);
        assertThat(repository.open()).isEmpty();

        Lease pending = leases.create(waiting("sifive_e"), alice);

        assertThat(pending.pending()).isTrue();
        assertThat(pending.state()).isEqualTo("pending");
        assertThat(pending.waitsForRun()).contains(7L);
        assertThat(pending.slot()).isEqualTo(SIFIVE);
        assertThat(flashed.rack().connection(0)).isEmpty();
        assertThat(flashed.rack().connection(1)).isEmpty();
        assertThat(heard).isEmpty();
        assertThat(leases.list(false))
                .extracting(Lease::id, Lease::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(pending.id(), "pending"));
        assertThatThrownBy(() -> leases.extend(pending.id(), 10, alice))
                .hasMessageContaining("is pending: it is granted when run 7 ends")
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.CONFLICT);
        assertThat(leases.heldLease(pending.id())).isEmpty();

        clock.advance(Duration.ofMinutes(20));
        reservations.end(7);

        Lease granted = repository.find(pending.id()).orElseThrow();
        assertThat(granted.open()).isTrue();
        assertThat(granted.grantedAt()).contains(clock.instant());
        assertThat(granted.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(granted.capAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(90)));
        assertThat(granted.waitsForRun()).contains(7L);
        assertThat(flashed.rack().connection(granted.channel())).contains(SIFIVE);
        assertThat(heard).extracting(Lease::id).containsExactly(pending.id());
        assertThat(leases.heldLease(pending.id())).isPresent();
        // the next run begins after the grant and goes around the leased target
        reservations.begin(8);
        assertThat(reservations.held(SIFIVE)).isTrue();
        reservations.end(8);
    }

    @Test
    void pendingLeasesAreGrantedInRequestOrderAndOneWhoseTargetWasGrantedMeanwhileIsRefusedWithWhy() {
        reservations.begin(7);
        Lease first = leases.create(waiting("sifive_e"), bob);
        Lease second = leases.create(waiting("sifive_e"), alice);
        Lease other = leases.create(waiting("lm3s6965evb"), alice);

        reservations.end(7);

        assertThat(repository.find(first.id()).orElseThrow().open()).isTrue();
        assertThat(repository.find(other.id()).orElseThrow().open()).isTrue();
        Lease refused = repository.find(second.id()).orElseThrow();
        assertThat(refused.end()).contains(LeaseEnd.REFUSED);
        assertThat(refused.endedBy()).contains("monitor");
        assertThat(refused.grantedAt()).isEmpty();
        assertThat(refused.endMessage()).hasValueSatisfying(m -> assertThat(m)
                .startsWith(
                        "not granted when run 7 ended: target 1/0 is leased (lease " + first.id() + " by token:bob"));
        assertThat(heard).extracting(Lease::id).containsExactly(first.id(), other.id());
        assertThat(leases.pending()).isEmpty();
    }

    @Test
    void aPendingLeaseIsCancelledByItsHolderOrAnAdminNotByOthersAndNothingIsRestored() {
        reservations.begin(7);
        Lease mine = leases.create(waiting("sifive_e"), alice);
        Lease theirs = leases.create(waiting("lm3s6965evb"), bob);

        assertThatThrownBy(() -> leases.release(mine.id(), bob))
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.FORBIDDEN);
        Lease cancelled = leases.release(mine.id(), alice);
        assertThat(cancelled.end()).contains(LeaseEnd.RELEASED);
        Lease kicked = leases.release(theirs.id(), LeasesTest.ADMIN);
        assertThat(kicked.end()).contains(LeaseEnd.ADMIN);
        assertThat(kicked.endedBy()).contains("user:root");

        reservations.end(7);

        assertThat(heard).isEmpty();
        assertThat(restored).isEmpty();
        assertThat(flashed.rack().connection(0)).isEmpty();
        assertThat(flashed.rack().connection(1)).isEmpty();
        assertThat(leases.list(false)).isEmpty();
        assertThat(repository.find(mine.id()).orElseThrow().end()).contains(LeaseEnd.RELEASED);
    }

    @Test
    void aPendingLeaseWhoseClientStopsAskingIsReclaimedAfterTheIdleTime() {
        reservations.begin(7);
        Lease pending = leases.create(waiting("sifive_e"), alice);
        clock.advance(Duration.ofMinutes(9));
        leases.find(pending.id(), alice); // the client polls: still there
        clock.advance(Duration.ofMinutes(9));
        assertThat(leases.sweep()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        List<Lease> reclaimed = leases.sweep();

        assertThat(reclaimed).extracting(Lease::id).containsExactly(pending.id());
        Lease stored = repository.find(pending.id()).orElseThrow();
        assertThat(stored.end()).contains(LeaseEnd.IDLE);
        assertThat(stored.endMessage()).contains("its client did not ask for it for 10 min while it waited for run 7");
        reservations.end(7);
        assertThat(heard).isEmpty();
    }

    @Test
    void waitDoesNotQueueBehindAnotherLeaseOrABadTargetAndATargetThatTurnsBadIsRefusedAtTheEnd() {
        Lease held = leases.create(new LeaseRequest("sifive_e", OptionalInt.empty(), OptionalInt.empty(), ""), bob);
        bad.add(LM3S);
        reservations.begin(7);

        assertThatThrownBy(() -> leases.create(waiting("sifive_e"), alice))
                .hasMessageContaining("target 1/0 is leased (lease " + held.id() + " by token:bob")
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.CONFLICT);
        assertThatThrownBy(() -> leases.create(waiting("lm3s6965evb"), alice))
                .hasMessageContaining("is BAD")
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.CONFLICT);
        assertThat(leases.list(false)).extracting(Lease::id).containsExactly(held.id());

        bad.clear();
        Lease pending = leases.create(waiting("lm3s6965evb"), alice);
        bad.add(LM3S); // a check failed during the run
        reservations.end(7);

        Lease refused = repository.find(pending.id()).orElseThrow();
        assertThat(refused.end()).contains(LeaseEnd.REFUSED);
        assertThat(refused.endMessage())
                .contains("not granted when run 7 ended: target 0/0 is BAD: it failed its check");
    }
}
