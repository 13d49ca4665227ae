package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.health.Health;
import dev.hive.monitor.health.HealthChange;
import dev.hive.monitor.health.HealthChecks;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.monitor.lease.Lease;
import dev.hive.monitor.task.RackInUseException;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.testprogram.TestprogramImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Target health on a real monitor and virtual rack (docs/health.md). */
class HealthIT {
    static final SlotAddress ARM = new SlotAddress(0, 0); // lm3s6965evb
    static final SlotAddress RISCV = new SlotAddress(0, 1); // sifive_e

    @TempDir
    static Path dir;

    static LiveMonitor live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir, "health:\n  checks: true\n  checkIntervalHours: 24\n");
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    /** The ARM target's ELF as built, when a test changed it. */
    byte[] armElf;

    @AfterEach
    void backToGood() throws Exception {
        if (armElf != null) {
            Files.write(armImage().elf(), armElf);
            whileIdle(() ->
                    live.monitor.rack().backend().flash(live.monitor.rack().build()));
        }
        for (SlotAddress slot : List.of(ARM, RISCV)) {
            live.monitor
                    .health()
                    .set(
                            slot,
                            Health.GOOD,
                            HealthChange.Kind.SET,
                            "it",
                            "reset by the test",
                            Optional.empty(),
                            Optional.empty());
        }
    }

    static TestprogramImage armImage() {
        var backend = live.monitor.rack().backend();
        return live.monitor.rack().build().imageFor(backend.catalogTarget(ARM)).orElseThrow();
    }

    /** Does {@code work} with the rack (the idle health checks may hold it for a moment). */
    static <T> T whileIdle(Callable<T> work) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return live.monitor.taskRunner().whileIdle(() -> {
                    try {
                        return work.call();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (RackInUseException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    static void set(SlotAddress slot, Health health, String by, String why) {
        live.monitor.health().set(slot, health, HealthChange.Kind.SET, by, why, Optional.empty(), Optional.empty());
    }

    @Test
    void aCancelledHealthCheckChangesNothing() throws Exception {
        HealthChecks checks = live.monitor.healthChecks().orElseThrow();
        set(ARM, Health.GOOD, "it", "before the cancelled check");
        int changes = live.monitor.health().history(ARM, 1000).size();
        var outcome = new java.util.concurrent.CompletableFuture<Object>();
        Thread caller = new Thread(
                () -> {
                    try {
                        outcome.complete(whileIdle(() -> checks.check(ARM)));
                    } catch (Throwable t) {
                        outcome.complete(t);
                    }
                },
                "cancelled-check-caller");
        caller.start();
        // the check is under way once its own thread runs; then it is cancelled, as the monitor's stop does
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().equals("health-check-" + ARM))
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        caller.interrupt();

        Object ended = outcome.get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(ended).as("the check was cancelled, not finished").isInstanceOf(Throwable.class);
        assertThat(causes((Throwable) ended)).anyMatch(InterruptedException.class::isInstance);
        var status = live.monitor.health().status(ARM).orElseThrow();
        assertThat(status.health()).isEqualTo(Health.GOOD);
        assertThat(status.since().orElseThrow().reason()).isEqualTo("before the cancelled check");
        assertThat(live.monitor.health().history(ARM, 1000))
                .as("no verdict recorded")
                .hasSize(changes)
                .noneMatch(c -> c.kind() == HealthChange.Kind.CHECK
                        && c.at().isAfter(status.since().orElseThrow().at()));
    }

    private static java.util.List<Throwable> causes(Throwable t) {
        var all = new java.util.ArrayList<Throwable>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        return all;
    }

    @Test
    void aHealthCheckFlashesAttachesReadsTheUidSeesTicksAndTheUartAnswerAndMakesTheTargetGood() throws Exception {
        HealthChecks checks = live.monitor.healthChecks().orElseThrow();
        for (SlotAddress slot : List.of(ARM, RISCV)) {
            set(slot, Health.UNKNOWN, "it", "check me");
            assertThat(checks.due()).contains(slot);

            HealthChange change = whileIdle(() -> checks.check(slot)).orElseThrow();

            assertThat(change.health())
                    .as("%s: %s", change.reason(), change.output())
                    .isEqualTo(Health.GOOD);
            assertThat(change.kind()).isEqualTo(HealthChange.Kind.CHECK);
            assertThat(change.by()).isEqualTo("health-check");
            String uid = String.format("%016x", live.monitor.rack().build().uid());
            assertThat(change.output().orElseThrow())
                    .contains("hive_uid = 0x" + uid)
                    .contains("hive_counter = ")
                    .contains("answer: hive:uid=" + uid);
            assertThat(live.monitor.health().status(slot).orElseThrow().health())
                    .isEqualTo(Health.GOOD);
            assertThat(checks.due()).doesNotContain(slot);
        }
    }

    @Test
    void aTargetThatFailsItsCheckIsQuarantinedWithTheOutputAndLaterRunsSkipItWithTheReason() throws Exception {
        // Make the board's image lie about its identity: every copy of HIVE_UID in the ELF becomes zero. It
        // flashes and boots, but the probe reads another UID than the build's.
        Path elf = armImage().elf();
        armElf = Files.readAllBytes(elf);
        byte[] uid = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(live.monitor.rack().build().uid())
                .array();
        byte[] patched = armElf.clone();
        int copies = 0;
        for (int i = 0; i + 8 <= patched.length; i++) {
            if (Arrays.equals(patched, i, i + 8, uid, 0, 8)) {
                Arrays.fill(patched, i, i + 8, (byte) 0);
                copies++;
            }
        }
        assertThat(copies).as("HIVE_UID is in the ELF").isPositive();
        Files.write(elf, patched);
        set(ARM, Health.UNKNOWN, "it", "check me before the next run");

        RunStream stream = live.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(3));
        RunEnded ended = stream.awaitEnded(Duration.ZERO);

        TargetHealth.Status arm = live.monitor.health().status(ARM).orElseThrow();
        assertThat(arm.health()).isEqualTo(Health.BAD);
        HealthChange check = arm.since().orElseThrow();
        assertThat(check.kind()).isEqualTo(HealthChange.Kind.CHECK);
        assertThat(check.reason()).startsWith("health check failed: HIVE_UID read 0x0000000000000000, expected 0x");
        assertThat(check.output().orElseThrow()).contains("flash").contains("hive_uid = 0x0000000000000000");
        assertThat(live.monitor.health().status(RISCV).orElseThrow().health()).isEqualTo(Health.GOOD);

        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        List<TestFinished> results = stream.all(TestFinished.class);
        assertThat(results.stream().filter(f -> f.result().cell().target().equals("lm3s6965evb")))
                .isNotEmpty()
                .allSatisfy(f -> {
                    assertThat(f.result().status()).isEqualTo(TestStatus.SKIPPED);
                    assertThat(f.result().message())
                            .startsWith("target lm3s6965evb in slot 0/0 is BAD since")
                            .contains("(health-check): health check failed: HIVE_UID read 0x0000000000000000");
                });
        assertThat(results.stream().filter(f -> f.result().cell().target().equals("sifive_e")))
                .extracting(f -> f.result().status())
                .contains(TestStatus.PASSED)
                .doesNotContain(TestStatus.FAILED, TestStatus.ERROR);
    }

    @Test
    void aLeaseAskedForDuringAHealthCheckOfItsTargetIsGrantedWhenTheCheckEndsAndItsStreamAnswers() throws Exception {
        HealthChecks checks = live.monitor.healthChecks().orElseThrow();
        var backend = live.monitor.rack().backend();
        set(ARM, Health.UNKNOWN, "it", "checked while a lease is asked for");
        // the lease request's path warmed up (its client's connection, the monitor's handler), so that it reaches
        // the monitor within the check's half second
        assertThat(live.send(live.request("/api/v1/leases")
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"target\":\"no-such\"}"))
                                .build())
                        .statusCode())
                .isEqualTo(404);
        var checked = new CompletableFuture<Object>();
        var started = new java.util.concurrent.CountDownLatch(1);
        Thread checker = new Thread(
                () -> {
                    try {
                        checked.complete(whileIdle(() -> {
                            started.countDown(); // this thread holds the rack: no idle check runs beside it
                            return checks.check(ARM);
                        }));
                    } catch (Throwable t) {
                        checked.complete(t);
                    }
                },
                "check-during-lease");
        checker.start();
        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
        // the check has connected a channel to the target: it talks to it through the probe now
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (backend.rack().channels().stream()
                        .noneMatch(c -> backend.connection(c.index()).isPresent())
                && !checked.isDone()
                && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(checked).as("the check is in progress").isNotDone();

        long id = live.post("/api/v1/leases", "{\"target\":\"lm3s6965evb\",\"minutes\":5}")
                .path("id")
                .asLong();

        Object outcome = checked.get(60, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(Optional.class);
        HealthChange change = (HealthChange) ((Optional<?>) outcome).orElseThrow();
        assertThat(change.health())
                .as("%s: %s", change.reason(), change.output())
                .isEqualTo(Health.GOOD);
        Lease lease = live.monitor.leases().heldLease(id).orElseThrow();
        assertThat(lease.grantedAt().orElseThrow())
                .as("granted after the check's verdict")
                .isAfterOrEqualTo(change.at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(backend.connection(lease.channel()))
                .as("the check's end left the lease's channel connected")
                .contains(ARM);
        LeaseRunIT.Frames gdb = new LeaseRunIT.Frames();
        LeaseProbeTakeoverIT.stopReply(live.openLeaseStream(id, "gdb", gdb), gdb);

        live.delete("/api/v1/leases/" + id);
        assertThat(live.monitor.leases().awaitRestored(Duration.ofSeconds(60))).isTrue();
    }

    @Test
    void anInfrastructureErrorInAUserRunMakesItsGoodTargetsUnknownNeverBad() throws Exception {
        set(RISCV, Health.MAINTENANCE, "it", "out for this test");
        Path broken = new FaultRunners(dir.resolve("runners")).exitsAtOnce();

        RunStream stream = live.run(broken, null, Duration.ofMinutes(2));
        RunEnded ended = stream.awaitEnded(Duration.ZERO);

        assertThat(ended.state()).isEqualTo("failed");
        // the newest change of that run (an idle health check may have checked the target again since)
        HealthChange arm = live.monitor.health().history(ARM, 5).stream()
                .filter(c -> c.kind() == HealthChange.Kind.RUN)
                .findFirst()
                .orElseThrow();
        assertThat(arm.health()).isEqualTo(Health.UNKNOWN);
        assertThat(arm.previous()).isEqualTo(Health.GOOD);
        assertThat(arm.kind()).isEqualTo(HealthChange.Kind.RUN);
        assertThat(arm.by()).isEqualTo("run " + ended.runId());
        assertThat(arm.runId()).contains(ended.runId());
        assertThat(arm.reason()).startsWith("run " + ended.runId() + " ended with an infrastructure error: ");
        assertThat(live.monitor.health().status(RISCV).orElseThrow().health())
                .as("an admin's decision stays")
                .isEqualTo(Health.MAINTENANCE);
    }

    @Test
    void theTestsOfATargetThatIsNotUsableAreSkippedWithTheReasonAndTheOthersRun() throws Exception {
        live.monitor
                .health()
                .set(
                        ARM,
                        Health.MAINTENANCE,
                        HealthChange.Kind.SET,
                        "alice",
                        "replacing its cable",
                        Optional.empty(),
                        Optional.empty());

        var targets = live.getJson("/api/v1/capabilities").get("targets");
        assertThat(targets.get(0).get("slot").asText()).isEqualTo("0/0");
        assertThat(targets.get(0).get("health").asText()).isEqualTo("MAINTENANCE");
        assertThat(targets.get(1).get("health").asText()).isEqualTo("GOOD");

        RunStream stream = live.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(3));
        RunEnded ended = stream.awaitEnded(Duration.ZERO);

        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        List<TestFinished> arm = stream.all(TestFinished.class).stream()
                .filter(f -> f.result().cell().target().equals("lm3s6965evb"))
                .toList();
        List<TestFinished> riscv = stream.all(TestFinished.class).stream()
                .filter(f -> f.result().cell().target().equals("sifive_e"))
                .toList();
        assertThat(arm)
                .as("every test on both channels, never silently missing")
                .isNotEmpty();
        assertThat(arm).hasSameSizeAs(riscv);
        assertThat(arm).allSatisfy(f -> {
            assertThat(f.result().status()).isEqualTo(TestStatus.SKIPPED);
            assertThat(f.result().message())
                    .contains("target lm3s6965evb in slot 0/0 is MAINTENANCE since")
                    .contains("alice")
                    .endsWith(": replacing its cable");
        });
        assertThat(riscv).extracting(f -> f.result().status()).contains(TestStatus.PASSED);
        assertThat(ended.summary().errors()).isZero();
        assertThat(ended.summary().failed()).isZero();
    }
}
