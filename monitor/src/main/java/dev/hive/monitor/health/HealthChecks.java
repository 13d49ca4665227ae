package dev.hive.monitor.health;

import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.testprogram.TestprogramBuild;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the built-in {@link HealthCheck} on the targets that are due and records the outcome: pass → GOOD, fail →
 * BAD with the check's output, a check that timed out in the rack's flasher or bus switch → UNKNOWN with its output; an interrupted (cancelled) check records nothing. Due: UNKNOWN, or GOOD for longer
 * than the configured interval. Blocking; the caller holds the rack (the task runner before a run, or {@code
 * TaskRunner.whileIdle}).
 */
public final class HealthChecks {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

    /** Who a check's changes are recorded as. */
    public static final String BY = "health-check";

    private final TargetHealth health;
    private final RackBackend rack;
    private final Supplier<TestprogramBuild> build;
    private final Duration interval;
    private final CheckClaims claims;
    private final Clock clock;

    /**
     * @param interval how long a GOOD target stays GOOD before it is checked again; zero: never again
     * @param claims who else holds parts of the rack (leases): a slot they hold is not checked until it is free,
     *     and a check keeps them from taking its target while it runs
     */
    public HealthChecks(
            TargetHealth health,
            RackBackend rack,
            Supplier<TestprogramBuild> build,
            Duration interval,
            CheckClaims claims,
            Clock clock) {
        this.health = health;
        this.rack = rack;
        this.build = build;
        this.interval = interval;
        this.claims = claims;
        this.clock = clock;
    }

    /** The targets due for a check now and not reserved, by slot. */
    public List<SlotAddress> due() {
        List<SlotAddress> due = new ArrayList<>();
        Instant now = Instant.now(clock);
        for (TargetHealth.Status s : health.all()) {
            boolean stale = s.health() == Health.GOOD
                    && !interval.isZero()
                    && s.since().map(c -> c.at().plus(interval).isBefore(now)).orElse(true);
            if ((s.health() == Health.UNKNOWN || stale) && !claims.held(s.address())) {
                due.add(s.address());
            }
        }
        return due;
    }

    /** Checks every target that is due; answers the changes recorded. */
    public List<HealthChange> checkDue() throws InterruptedException {
        List<HealthChange> changes = new ArrayList<>();
        for (SlotAddress slot : due()) {
            check(slot).ifPresent(changes::add);
        }
        return changes;
    }

    /**
     * Checks the target in {@code slot} and records the outcome.
     *
     * @return the change recorded, empty when the slot holds no known target or someone else holds it (a lease)
     * @throws InterruptedException when the check was cancelled; nothing is recorded
     */
    public Optional<HealthChange> check(SlotAddress slot) throws InterruptedException {
        if (health.status(slot).isEmpty() || !claims.claim(slot)) {
            return Optional.empty();
        }
        try {
            return Optional.of(checkClaimed(slot));
        } finally {
            claims.release(slot);
        }
    }

    private HealthChange checkClaimed(SlotAddress slot) throws InterruptedException {
        long start = System.nanoTime();
        HealthCheck.Outcome outcome = new HealthCheck(rack).run(slot, build.get());
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("the health check of " + slot + " was cancelled");
        }
        Health to = outcome.health();
        String reason =
                switch (to) {
                    case GOOD -> outcome.summary();
                    case UNKNOWN -> "health check did not finish (infrastructure): " + outcome.summary();
                    default -> "health check failed: " + outcome.summary();
                };
        HealthChange change = health.set(
                slot, to, HealthChange.Kind.CHECK, BY, reason, Optional.of(outcome.output()), Optional.empty());
        LOG.info(
                "health check of {} in {}: {} -> {} in {} ms: {}",
                change.target(),
                slot,
                change.previous(),
                to,
                (System.nanoTime() - start) / 1_000_000,
                reason);
        return change;
    }
}
