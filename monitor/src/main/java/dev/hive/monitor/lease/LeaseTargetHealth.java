package dev.hive.monitor.lease;

import dev.hive.monitor.health.HealthChange;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.rack.model.SlotAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Leases and target health together ({@code docs/leases.md}, {@code docs/health.md}): a BAD, MAINTENANCE or
 * RETIRED target is not leased, and a GOOD target whose lease ended goes to UNKNOWN, so a health check runs
 * before the next user run sees it.
 */
public final class LeaseTargetHealth implements LeaseHealthHook {
    private final TargetHealth health;

    public LeaseTargetHealth(TargetHealth health) {
        this.health = Objects.requireNonNull(health, "health");
    }

    @Override
    public Optional<String> refusal(SlotAddress slot) {
        return health.status(slot).flatMap(TargetHealth.Status::unavailableReason);
    }

    @Override
    public void leaseEnded(Lease lease, boolean restored) {
        String why = "lease " + lease.id() + " of " + lease.holder() + " ended"
                + lease.end()
                        .map(e -> " (" + e.name().toLowerCase(Locale.ROOT) + ")")
                        .orElse("")
                + (restored ? "" : "; the reflash after it failed");
        health.markUnknown(lease.slot(), HealthChange.Kind.SYSTEM, "monitor", why, Optional.empty());
    }
}
