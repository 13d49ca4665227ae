package dev.hive.monitor.health;

import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetSlot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of the rack's targets: what it is, whether a target may be used, and the one way to change it (each
 * change stored with who, when and why). A target that never changed is UNKNOWN. Plain blocking calls (they read
 * and write the database): call them from a worker or the task runner's thread, never an event loop.
 *
 * <p>For leases (issue 15 item 1): a lease may be granted only when {@link #isUsable} holds, and when a lease ends
 * the lease code calls {@link #markUnknown} so the target is health-checked before the next user run.
 */
public final class TargetHealth {

    /** A target with its health now. */
    public record Status(SlotAddress address, String target, Health health, Optional<HealthChange> since) {

        /** Why the target is left out of runs, or empty when it is usable. */
        public Optional<String> unavailableReason() {
            if (health.usable()) {
                return Optional.empty();
            }
            String when =
                    since.map(c -> " since " + c.at() + " (" + c.by() + ")").orElse("");
            String why = since.map(HealthChange::reason).orElse("no reason kept");
            return Optional.of("target " + target + " in slot " + address + " is " + health + when + ": " + why);
        }
    }

    private final HealthRepository repository;
    private final RackBackend rack;
    private final Clock clock;

    public TargetHealth(HealthRepository repository, RackBackend rack, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.rack = Objects.requireNonNull(rack, "rack");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The target in {@code address} with its health; empty when the slot is unknown or holds no known target. */
    public Optional<Status> status(SlotAddress address) {
        return rack.rack().slot(address).flatMap(TargetSlot::knownTarget).map(t -> status(address, t.name()));
    }

    /** The health of the target {@code name} in {@code address}. */
    public Status status(SlotAddress address, String name) {
        Optional<HealthChange> latest = repository.latest(address.stack(), address.slot(), name);
        return new Status(address, name, latest.map(HealthChange::health).orElse(Health.UNKNOWN), latest);
    }

    /** Every known target of the rack with its health, by slot. */
    public List<Status> all() {
        List<Status> all = new ArrayList<>();
        for (TargetSlot slot : rack.rack().knownSlots()) {
            all.add(status(slot.address(), slot.target().name()));
        }
        return all;
    }

    /** Whether batch runs and leases may use the target in {@code address} (GOOD or UNKNOWN). */
    public boolean isUsable(SlotAddress address) {
        return status(address).map(s -> s.health().usable()).orElse(false);
    }

    /** The changes of the target in {@code address}, newest first; empty when the slot holds no known target. */
    public List<HealthChange> history(SlotAddress address, int limit) {
        return status(address)
                .map(s -> repository.history(address.stack(), address.slot(), s.target(), limit))
                .orElse(List.of());
    }

    /**
     * Sets the health of the target in {@code address}; the change is stored even when the health stays the
     * same (an admin's note, a passed check), so the history shows every decision.
     *
     * @throws UnknownTargetException when the slot holds no known target
     */
    public HealthChange set(
            SlotAddress address,
            Health health,
            HealthChange.Kind kind,
            String by,
            String reason,
            Optional<String> output,
            Optional<Long> runId) {
        Status now = status(address).orElseThrow(() -> new UnknownTargetException(address));
        return repository.append(new HealthChange(
                0,
                address.stack(),
                address.slot(),
                now.target(),
                health,
                now.health(),
                kind,
                by,
                reason,
                output,
                runId,
                Instant.now(clock)));
    }

    /**
     * Makes the target UNKNOWN (so it is health-checked before the next user run) unless it is already UNKNOWN
     * or an admin took it out (BAD, MAINTENANCE and RETIRED stay: only an admin brings a target back). For a
     * lease that ended, an infrastructure error, a rack reload.
     *
     * @return the change, or empty when nothing changed (also when the slot holds no known target)
     */
    public Optional<HealthChange> markUnknown(
            SlotAddress address, HealthChange.Kind kind, String by, String why, Optional<Long> runId) {
        Optional<Status> now = status(address);
        if (now.isEmpty() || now.get().health() != Health.GOOD) {
            return Optional.empty();
        }
        return Optional.of(set(address, Health.UNKNOWN, kind, by, why, Optional.empty(), runId));
    }

    /** {@link #markUnknown} for every known target of the rack (e.g. after a rack reload). */
    public List<HealthChange> markAllUnknown(HealthChange.Kind kind, String by, String why) {
        List<HealthChange> changes = new ArrayList<>();
        for (TargetSlot slot : rack.rack().knownSlots()) {
            markUnknown(slot.address(), kind, by, why, Optional.empty()).ifPresent(changes::add);
        }
        return changes;
    }

    /** No known target in the slot named. */
    public static final class UnknownTargetException extends RuntimeException {
        public UnknownTargetException(SlotAddress address) {
            super("slot " + address + " holds no known target");
        }
    }
}
