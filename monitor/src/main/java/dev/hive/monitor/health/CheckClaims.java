package dev.hive.monitor.health;

import dev.hive.rack.model.SlotAddress;

/**
 * Who else holds parts of the rack between runs (a lease holds its target's stack, {@code docs/leases.md}), and how
 * a health check keeps them from taking its target while it runs: it claims the target's slot for the whole check,
 * and whoever would take that part meanwhile waits for the claim to be released.
 */
public interface CheckClaims {

    /** Whether someone else holds {@code slot} now: it is not checked until it is free. */
    boolean held(SlotAddress slot);

    /** Claims {@code slot} for a check; false when someone else holds it (it is not checked then). */
    boolean claim(SlotAddress slot);

    /** The check of {@code slot} is over; whoever waits for it may go on. */
    void release(SlotAddress slot);
}
