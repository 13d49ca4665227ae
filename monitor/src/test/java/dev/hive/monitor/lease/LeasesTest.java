package dev.hive.monitor.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.config.LeaseConfig;
import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.MutableClock;
import dev.hive.monitor.ipc.RackDescriptions;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.virtual.FlashedVirtualRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases against a real virtual rack (two QEMU boards on two stacks, two channels) and a real SQLite file, on a
 * clock the test moves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeasesTest {

    static final String RACK_FILE =
            """
            name: leases-test
            backend: virtual
            channels: 2
            stacks:
              - name: stack-a
                targets: [lm3s6965evb]
              - name: stack-b
                targets: [sifive_e]
            """;

    static final LeaseConfig CONFIG = new LeaseConfig(
            Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofMinutes(90), Duration.ofMinutes(10), 4096);

    Holder alice;
    Holder bob;
    static final Holder ADMIN = Holder.user("root", true);

    Path rackDir;
    FlashedVirtualRack flashed;

    @TempDir
    Path dir;

    Database db;
    MutableClock clock;
    LeaseRepository repository;
    LeaseReservations reservations;
    List<Lease> restored;
    List<Lease> heard;
    Leases leases;

    @BeforeAll
    void startRack() throws Exception {
        rackDir = Files.createTempDirectory("hive-leases-test");
        flashed = FlashedVirtualRack.start(RACK_FILE, "leases-test", Files.createDirectories(rackDir.resolve("build")));
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
                tokens.create("alice", "", java.util.Optional.empty()).token().id(), "alice");
        bob = Holder.token(
                tokens.create("bob", "", java.util.Optional.empty()).token().id(), "bob");
        reservations = new LeaseReservations();
        restored = new CopyOnWriteArrayList<>();
        heard = new CopyOnWriteArrayList<>();
        RackRestore rackRestore = new RackRestore(flashed.rack(), flashed::build);
        leases = new Leases(
                CONFIG,
                repository,
                flashed.rack(),
                reservations,
                lease -> {
                    boolean ok = rackRestore.restore(lease);
                    if (ok) {
                        restored.add(lease);
                    }
                    return ok;
                },
                LeaseHealthHook.NONE,
                clock);
        leases.addListener(heard::add);
    }

    @AfterEach
    void tearDown() throws Exception {
        leases.close();
        db.close();
        flashed.rack().disconnect(0);
        flashed.rack().disconnect(1);
    }

    private static LeaseRequest request(String target) {
        return new LeaseRequest(target, OptionalInt.empty(), OptionalInt.empty(), "debugging a flaky test");
    }

    @Test
    void aLeaseConnectsAChannelToItsTargetAndIsStoredWithWhoWhenAndWhy() {
        Lease lease = leases.create(request("sifive_e"), alice);

        assertThat(lease.slot()).isEqualTo(new SlotAddress(1, 0));
        assertThat(lease.holder()).isEqualTo("token:alice");
        assertThat(lease.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(lease.capAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(90)));
        assertThat(flashed.rack().connection(lease.channel())).contains(lease.slot());
        Lease stored = repository.find(lease.id()).orElseThrow();
        assertThat(stored.reason()).isEqualTo("debugging a flaky test");
        assertThat(stored.open()).isTrue();
        assertThat(leases.list(false)).extracting(Lease::id).containsExactly(lease.id());
    }

    @Test
    void aListenerThatFailsOnTheStartLeavesTheLeaseGrantedAndTheOthersHearIt() throws Exception {
        leases.addListener(new LeaseListener() {
            @Override
            public void started(Lease lease) {
                throw new LeaseException(
                        LeaseException.Kind.CONFLICT, "the endpoint serial:/dev/ttyX cannot be streamed");
            }

            @Override
            public void ended(Lease lease) {}
        });
        List<Lease> started = new CopyOnWriteArrayList<>();
        leases.addListener(new LeaseListener() {
            @Override
            public void started(Lease lease) {
                started.add(lease);
            }

            @Override
            public void ended(Lease lease) {}
        });

        Lease lease = leases.create(request("lm3s6965evb"), alice);

        assertThat(repository.find(lease.id()).orElseThrow().open()).isTrue();
        assertThat(started).extracting(Lease::id).containsExactly(lease.id());
        leases.release(lease.id(), alice);
        assertThat(repository.find(lease.id()).orElseThrow().open()).isFalse();
        assertThat(heard).extracting(Lease::id).containsExactly(lease.id());
        assertThat(leases.awaitRestored(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void aLeaseAskedForDuringAHealthCheckWaitsForItsEndAndAClaimOfTheLeasedStackIsRefused() throws Exception {
        SlotAddress arm = new SlotAddress(0, 0);
        assertThat(reservations.claim(arm))
                .as("a health check claims its target")
                .isTrue();
        var granted = new java.util.concurrent.CompletableFuture<Lease>();
        Thread asker = new Thread(() -> granted.complete(leases.create(request("lm3s6965evb"), alice)), "asker");
        asker.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (asker.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(asker.getState()).as("the request waits for the check").isEqualTo(Thread.State.TIMED_WAITING);
        assertThat(repository.open()).as("nothing granted during the check").isEmpty();
        assertThat(flashed.rack().connection(0)).isEmpty();
        assertThat(flashed.rack().connection(1)).isEmpty();

        reservations.release(arm);

        Lease lease = granted.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(lease.slot()).isEqualTo(arm);
        assertThat(flashed.rack().connection(lease.channel())).contains(arm);
        assertThat(reservations.held(arm)).isTrue();
        assertThat(reservations.claim(arm))
                .as("a check never takes a leased stack")
                .isFalse();
        assertThat(reservations.claim(new SlotAddress(1, 0)))
                .as("the other stack may be checked")
                .isTrue();
        reservations.release(new SlotAddress(1, 0));
    }

    @Test
    void aSlotAndAProbeCanBeAskedFor() {
        Lease lease = leases.create(new LeaseRequest("0/0", OptionalInt.of(1), OptionalInt.of(5), ""), alice);

        assertThat(lease.channel()).isEqualTo(1);
        assertThat(lease.targetName()).isEqualTo("lm3s6965evb");
        assertThat(lease.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    }

    @Test
    void badRequestsAreRefusedWithTheirKindAndChangeNothing() {
        Lease lease = leases.create(request("lm3s6965evb"), alice);

        assertThatThrownBy(() -> leases.create(request("nrf52"), bob))
                .isInstanceOf(LeaseException.class)
                .hasMessageContaining("no target named 'nrf52'")
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> leases.create(request("lm3s6965evb"), bob))
                .hasMessageContaining("target 0/0 is leased (lease " + lease.id() + " by token:alice until")
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.CONFLICT);
        assertThatThrownBy(() ->
                        leases.create(new LeaseRequest("sifive_e", OptionalInt.empty(), OptionalInt.of(61), ""), bob))
                .hasMessageContaining("minutes must be from 1 to 60")
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.INVALID);
        assertThatThrownBy(() ->
                        leases.create(new LeaseRequest("sifive_e", OptionalInt.of(7), OptionalInt.empty(), ""), bob))
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> leases.extend(lease.id(), 10, bob))
                .hasMessageContaining("is not yours")
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.FORBIDDEN);
        assertThatThrownBy(() -> leases.release(lease.id(), bob))
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.FORBIDDEN);
        assertThatThrownBy(() -> leases.release(999, alice))
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.NOT_FOUND);

        assertThat(leases.list(false))
                .containsExactly(repository.find(lease.id()).orElseThrow());
        assertThat(repository.find(lease.id()).orElseThrow().expiresAt()).isEqualTo(lease.expiresAt());
    }

    @Test
    void anExtensionMovesTheEndButNeverPastTheCap() {
        Lease lease = leases.create(request("lm3s6965evb"), alice);
        clock.advance(Duration.ofMinutes(20));

        Lease extended = leases.extend(lease.id(), 60, alice);
        assertThat(extended.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(60)));

        clock.advance(Duration.ofMinutes(20)); // 40 min in: 60 more would end 100 min after the start, cap is 90
        assertThatThrownBy(() -> leases.extend(lease.id(), 60, alice))
                .hasMessageContaining("may last until " + lease.capAt())
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.INVALID);
        assertThat(repository.find(lease.id()).orElseThrow().expiresAt()).isEqualTo(extended.expiresAt());
    }

    @Test
    void theMonitorsClockEndsALeaseAndItsTargetIsReflashed() throws Exception {
        Lease lease = leases.create(request("sifive_e"), alice);
        clock.advance(Duration.ofMinutes(29));
        leases.streamAttached(lease.id());
        assertThat(leases.sweep()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        List<Lease> ended = leases.sweep();

        assertThat(ended).extracting(l -> l.end().orElseThrow()).containsExactly(LeaseEnd.EXPIRED);
        assertThat(heard).extracting(Lease::id).containsExactly(lease.id());
        assertThat(leases.awaitRestored(Duration.ofSeconds(30))).isTrue();
        assertThat(restored).extracting(Lease::id).containsExactly(lease.id());
        assertThat(flashed.rack().connection(lease.channel())).isEmpty();
        assertThat(flashed.rack().flashStatus(lease.slot()).isOk()).isTrue();
        Lease stored = repository.find(lease.id()).orElseThrow();
        assertThat(stored.end()).contains(LeaseEnd.EXPIRED);
        assertThat(stored.endedBy()).contains("monitor");
        assertThat(stored.endedAt()).contains(clock.instant());
        // the target may be leased again
        assertThat(leases.create(request("sifive_e"), bob).holder()).isEqualTo("token:bob");
    }

    @Test
    void aLeaseWithNoStreamForTheIdleTimeIsReclaimed() {
        Lease watched = leases.create(request("sifive_e"), alice);
        Lease forgotten = leases.create(request("lm3s6965evb"), bob);
        leases.streamAttached(watched.id());
        clock.advance(Duration.ofMinutes(10));

        assertThat(leases.sweep())
                .extracting(Lease::id, l -> l.end().orElseThrow())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(forgotten.id(), LeaseEnd.IDLE));

        leases.streamDetached(watched.id());
        clock.advance(Duration.ofMinutes(9));
        assertThat(leases.sweep()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(leases.sweep()).extracting(Lease::id).containsExactly(watched.id());
    }

    @Test
    void releaseByTheHolderAndEndByAnAdminAreRecorded() throws Exception {
        Lease mine = leases.create(request("sifive_e"), alice);
        Lease theirs = leases.create(request("lm3s6965evb"), bob);

        assertThat(leases.release(mine.id(), alice).end()).contains(LeaseEnd.RELEASED);
        assertThatThrownBy(() -> leases.extend(theirs.id(), 10, ADMIN))
                .as("an admin ends anyone's lease, but only its holder extends it")
                .hasMessageContaining("only its holder extends it")
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.FORBIDDEN);
        Lease kicked = leases.release(theirs.id(), ADMIN);
        assertThat(kicked.end()).contains(LeaseEnd.ADMIN);
        assertThat(kicked.endedBy()).contains("user:root");
        assertThatThrownBy(() -> leases.release(mine.id(), alice))
                .hasMessageContaining("ended at")
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.CONFLICT);
        assertThat(leases.awaitRestored(Duration.ofSeconds(30))).isTrue();
        assertThat(restored).extracting(Lease::id).containsExactlyInAnyOrder(mine.id(), theirs.id());
        assertThat(leases.list(true)).hasSize(2).allMatch(l -> !l.open());
    }

    @Test
    void aRunLeavesOutTheLeasedTargetItsStackAndItsChannelAndSaysUntilWhen() {
        Lease lease = leases.create(request("sifive_e"), alice);
        RackDescription full = RackDescriptions.describe(flashed.rack(), flashed.build());
        var notes = new ArrayList<String>();

        reservations.begin(7);
        RackDescription forRun = reservations.describe(7, full, notes::add);

        assertThat(forRun.channels().get(lease.channel()).probe()).isNull();
        assertThat(forRun.channels().get(1 - lease.channel()).probe()).isNotNull();
        assertThat(forRun.stacks().get(1).slots().get(0).target()).isNull();
        assertThat(forRun.stacks().get(0).slots().get(0).target()).isNotNull();
        assertThat(notes)
                .anyMatch(n -> n.startsWith("target sifive_e (1/0) is left out of this run: leased (lease " + lease.id()
                        + " by token:alice) until " + lease.expiresAt()))
                .anyMatch(n -> n.startsWith("channel " + lease.channel()));
        // while the run goes on, no lease is granted
        assertThatThrownBy(() -> leases.create(request("lm3s6965evb"), bob))
                .hasMessageContaining("run 7 is using the rack")
                .extracting(e -> ((LeaseException) e).kind())
                .isEqualTo(LeaseException.Kind.CONFLICT);
        reservations.end(7);
        assertThat(leases.create(request("lm3s6965evb"), bob).open()).isTrue();
    }

    @Test
    void aRunDoesNotFlashTheLeasedStack() {
        Lease lease = leases.create(request("sifive_e"), alice);

        Map<SlotAddress, FlashStatus> flashedByRun = reservations.flash(flashed.rack(), flashed.build());

        assertThat(flashedByRun).containsOnlyKeys(new SlotAddress(0, 0));
        assertThat(flashedByRun.get(new SlotAddress(0, 0)).isOk()).isTrue();
        assertThat(flashed.rack().connection(lease.channel())).contains(lease.slot());
    }

    @Test
    void leasesLeftOpenByAPreviousMonitorAreEndedAtStart() {
        Lease left = repository.insert(
                new SlotAddress(0, 0),
                "lm3s6965evb",
                0,
                alice,
                "",
                clock.instant(),
                clock.instant().plus(Duration.ofMinutes(30)),
                clock.instant().plus(Duration.ofMinutes(90)));
        clock.advance(Duration.ofMinutes(1));

        leases.start();

        Lease stored = repository.find(left.id()).orElseThrow();
        assertThat(stored.end()).contains(LeaseEnd.MONITOR_STOPPED);
        assertThat(stored.endedAt()).contains(clock.instant());
        assertThat(leases.list(false)).isEmpty();
    }
}
