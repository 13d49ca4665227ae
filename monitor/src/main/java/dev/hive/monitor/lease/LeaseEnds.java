package dev.hive.monitor.lease;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an open lease ends, whoever ends it (its holder, an admin, the monitor's clock, the monitor's stop): the end is
 * stored first (only one ender wins), the listeners hear it (its streams are closed), and then, on the lease thread,
 * its target is restored (disconnected and reflashed) and its health hook told before batch runs may use the target
 * and channel again. Until then the ended lease stays held in the {@link LeaseReservations}.
 */
final class LeaseEnds {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseEnds.class);

    private final LeaseRepository repository;
    private final LeaseReservations reservations;
    private final TargetRestore restore;
    private final LeaseHealthHook health;
    private final LeaseActivity activity;
    private final List<LeaseListener> listeners;
    private final ExecutorService thread;
    private final Clock clock;

    LeaseEnds(
            LeaseRepository repository,
            LeaseReservations reservations,
            TargetRestore restore,
            LeaseHealthHook health,
            LeaseActivity activity,
            List<LeaseListener> listeners,
            ExecutorService thread,
            Clock clock) {
        this.repository = repository;
        this.reservations = reservations;
        this.restore = restore;
        this.health = health;
        this.activity = activity;
        this.listeners = listeners;
        this.thread = thread;
        this.clock = clock;
    }

    /** Ends {@code lease} as {@code how} by {@code by}; empty when it had ended already. */
    Optional<Lease> end(Lease lease, LeaseEnd how, String by) {
        Instant now = clock.instant();
        if (!repository.end(lease.id(), now, how, by)) {
            return Optional.empty();
        }
        Lease ended = lease.ended(now, how, by);
        reservations.hold(ended); // still held until it is restored
        activity.ended(lease.id());
        LOG.info("lease {}: ended ({}) by {}", lease.id(), how.name().toLowerCase(Locale.ROOT), by);
        for (LeaseListener listener : listeners) {
            try {
                listener.ended(ended);
            } catch (RuntimeException e) {
                LOG.warn("lease {}: a listener failed at its end", lease.id(), e);
            }
        }
        if (!thread.isShutdown()) {
            thread.execute(() -> restore(ended));
        }
        return Optional.of(ended);
    }

    private void restore(Lease ended) {
        boolean restored = restore.restore(ended);
        try {
            health.leaseEnded(ended, restored);
        } finally {
            reservations.free(ended.id());
        }
    }
}
