package dev.hive.monitor.lease;

import dev.hive.monitor.config.LeaseConfig;
import dev.hive.monitor.lease.LeaseException.Kind;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.Testchannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases asked for with {@code wait} while a run holds the rack ({@code docs/leases.md}, "Waiting for a run"). Each is
 * stored pending with the run it waits for; when that run ends they are granted in the order they were asked for, and
 * one whose target went to an earlier one (or left the pool) meanwhile is refused with why rather than kept waiting.
 * Its holder (or an admin) cancels one; one whose client has not asked for it for {@code leases.idleMinutes} is
 * reclaimed. Nothing is connected for a pending lease, so ending one restores nothing.
 *
 * <p>{@link Leases} calls the methods that grant or end pending leases with its own lock held (a grant and a cancel
 * exclude each other); this class's lock guards its own maps only.
 */
final class PendingLeases {

    private static final Logger LOG = LoggerFactory.getLogger(PendingLeases.class);

    private final LeaseConfig config;
    private final LeaseRepository repository;
    private final RackBackend rack;
    private final LeaseReservations reservations;
    private final LeaseChannels channels;
    private final LeaseHealthHook health;
    private final Clock clock;
    /** In request order; guarded by this. */
    private final Map<Long, Lease> pending = new LinkedHashMap<>();
    /** When each pending lease's client last asked for it. */
    private final Map<Long, Instant> seen = new ConcurrentHashMap<>();

    PendingLeases(
            LeaseConfig config,
            LeaseRepository repository,
            RackBackend rack,
            LeaseReservations reservations,
            LeaseChannels channels,
            LeaseHealthHook health,
            Clock clock) {
        this.config = config;
        this.repository = repository;
        this.rack = rack;
        this.reservations = reservations;
        this.channels = channels;
        this.health = health;
        this.clock = clock;
    }

    /**
     * Stores a pending lease that waits for run {@code runId}, unless something other than the run (another lease on
     * the target, its stack or every channel that reaches it) keeps it from being leased: that is refused as without
     * {@code wait}. Called with the reservations' lock held.
     */
    Lease store(
            long runId,
            LeaseRequest request,
            TargetSlot slot,
            List<Testchannel> candidates,
            Holder holder,
            Duration length) {
        String lastRefusal = "no channel with a probe can serve target " + slot.address();
        boolean free = false;
        for (Testchannel channel : candidates) {
            Optional<String> refused = reservations.leaseRefusal(slot.address(), channel.index());
            if (refused.isEmpty()) {
                free = true;
                break;
            }
            lastRefusal = refused.get();
        }
        if (!free) {
            throw new LeaseException(Kind.CONFLICT, lastRefusal);
        }
        Instant now = clock.instant();
        Lease lease = repository.insert(
                slot.address(),
                slot.target().name(),
                request.channel().orElse(-1),
                holder,
                request.reason(),
                now,
                now.plus(length),
                now.plus(config.cap()),
                Optional.of(runId));
        synchronized (this) {
            pending.put(lease.id(), lease);
        }
        seen.put(lease.id(), now);
        LOG.info(
                "lease {}: {} waits for run {} to end for target {} ({})",
                lease.id(),
                holder.name(),
                runId,
                lease.targetName(),
                lease.slot());
        return lease;
    }

    /**
     * Run {@code runId} is over and the rack free: grants the pending leases in the order they were asked for, each
     * handed to {@code started}. Called with the reservations' lock held.
     */
    void grantAll(long runId, Consumer<Lease> started) {
        for (Lease waiting : list()) {
            try {
                grant(waiting, runId, started);
            } catch (RuntimeException e) {
                LOG.warn("lease {}: granting it after run {} failed; it stays pending", waiting.id(), runId, e);
            }
        }
    }

    private void grant(Lease waiting, long runId, Consumer<Lease> started) {
        Optional<String> refusal = health.refusal(waiting.slot());
        Optional<TargetSlot> slot = rack.rack().knownSlots().stream()
                .filter(s ->
                        s.address().equals(waiting.slot()) && s.target().name().equals(waiting.targetName()))
                .findFirst();
        if (slot.isEmpty()) {
            refusal = Optional.of("target " + waiting.targetName() + " is no longer in slot " + waiting.slot());
        }
        LeaseChannels.Connection c = null;
        if (refusal.isEmpty()) {
            c = channels.connect(waiting.slot(), channels.candidatesFor(waiting), reservations::refusal);
            if (c.refusal() != null) {
                refusal = Optional.of(c.refusal());
            }
        }
        if (refusal.isPresent()) {
            end(waiting, LeaseEnd.REFUSED, "monitor", "not granted when run " + runId + " ended: " + refusal.get());
            return;
        }
        // the table keeps milliseconds: so does the lease held in memory (runs' log lines name its end)
        Lease granted = waiting.granted(clock.instant().truncatedTo(ChronoUnit.MILLIS), c.channel());
        boolean stored = repository.grant(granted);
        forget(waiting.id());
        if (!stored) {
            channels.disconnect(c.channel());
            return; // ended meanwhile
        }
        started.accept(granted);
    }

    /** Ends a pending lease (cancelled, reclaimed, refused); empty when it was no longer pending. */
    Optional<Lease> end(Lease waiting, LeaseEnd how, String by, String message) {
        Instant now = clock.instant();
        if (!repository.endPending(waiting.id(), now, how, by, message)) {
            return Optional.empty();
        }
        forget(waiting.id());
        LOG.info(
                "lease {}: ended while pending ({}) by {}{}",
                waiting.id(),
                how.name().toLowerCase(Locale.ROOT),
                by,
                message == null ? "" : ": " + message);
        return Optional.of(waiting.ended(now, how, by, Optional.ofNullable(message)));
    }

    private synchronized void forget(long id) {
        pending.remove(id);
        seen.remove(id);
    }

    /** Its client asked for pending lease {@code id}: it is still there, so the lease is not reclaimed. */
    void asked(long id) {
        seen.computeIfPresent(id, (key, last) -> clock.instant());
    }

    /** Ends the pending leases whose client has not asked for them for the idle time; answers them. */
    List<Lease> reclaimIdle(Instant now) {
        var ended = new ArrayList<Lease>();
        for (Lease waiting : list()) {
            Instant last = seen.get(waiting.id());
            if (last != null && !now.isBefore(last.plus(config.idle()))) {
                String run = waiting.waitsForRun().map(String::valueOf).orElse("?");
                end(
                                waiting,
                                LeaseEnd.IDLE,
                                "monitor",
                                "its client did not ask for it for "
                                        + config.idle().toMinutes() + " min while it waited for run " + run)
                        .ifPresent(ended::add);
            }
        }
        return ended;
    }

    /** The pending leases, in the order they were asked for. */
    synchronized List<Lease> list() {
        return List.copyOf(pending.values());
    }
}
