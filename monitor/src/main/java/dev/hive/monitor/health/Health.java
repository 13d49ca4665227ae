package dev.hive.monitor.health;

/**
 * A target's health, as LAVA keeps it (reference/interactive.md §2): separate from whether the target is
 * present and powered.
 */
public enum Health {
    /** The last health check passed; runs and leases may use it. */
    GOOD,
    /** Not known (new, reloaded, after a lease or an infrastructure error): checked before user runs. */
    UNKNOWN,
    /** A health check failed: quarantined until an admin sets it GOOD or UNKNOWN. */
    BAD,
    /** Taken out by an admin (being worked on). */
    MAINTENANCE,
    /** Taken out by an admin for good. */
    RETIRED;

    /** Whether batch runs and leases may use a target with this health (GOOD and UNKNOWN only). */
    public boolean usable() {
        return this == GOOD || this == UNKNOWN;
    }
}
