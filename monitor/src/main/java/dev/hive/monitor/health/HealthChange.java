package dev.hive.monitor.health;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of a target's health.
 *
 * @param id the stored row's id (0 before it is stored)
 * @param stack the target's stack
 * @param slot the target's slot on the stack
 * @param target the target's catalog name
 * @param health the new health
 * @param previous the health before
 * @param kind what made the change
 * @param by who made it: a user's name, {@code health-check}, {@code run 12}, {@code monitor}
 * @param reason why, in words a person reads
 * @param output what a health check saw (its step log), when the change comes from one
 * @param runId the run whose infrastructure error made the change
 * @param at when
 */
public record HealthChange(
        long id,
        int stack,
        int slot,
        String target,
        Health health,
        Health previous,
        Kind kind,
        String by,
        String reason,
        Optional<String> output,
        Optional<Long> runId,
        Instant at) {

    /** What made a change. */
    public enum Kind {
        /** An admin (or the lease holder) set it. */
        SET,
        /** A health check ended. */
        CHECK,
        /** An infrastructure error in a user run. */
        RUN,
        /** The monitor itself (a lease ended, a rack reload). */
        SYSTEM
    }

    public HealthChange {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(at, "at");
    }

    /** The slot as written everywhere else: {@code stack/slot}. */
    public String address() {
        return stack + "/" + slot;
    }
}
