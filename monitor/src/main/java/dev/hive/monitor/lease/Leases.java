package dev.hive.monitor.lease;

import dev.hive.monitor.config.LeaseConfig;
import dev.hive.monitor.lease.LeaseException.Kind;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.Testchannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grants, extends and ends leases. The monitor's clock ends them: {@link #sweep()} (every second on a thread of its
 * own once {@link #start()}ed) ends a lease past its end ({@link LeaseEnd#EXPIRED}) and one that had no stream
 * attached for the configured idle time ({@link LeaseEnd#IDLE}); {@link LeaseEnds} ends each (stored, streams closed,
 * target restored on the lease thread before batch runs may use it again). Leases asked for with {@code wait} during a run are
 * {@link PendingLeases} until it ends. Blocking calls (database, rack): never on an event loop.
 */
public final class Leases implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    private static final Duration SWEEP = Duration.ofSeconds(1);

    private final LeaseConfig config;
    private final LeaseRepository repository;
    private final LeaseReservations reservations;
    private final LeaseHealthHook health;
    private final Clock clock;
    private final LeaseRequests requests;
    private final LeaseChannels channels;
    private final PendingLeases pending;
    private final LeaseActivity activity;
    private final List<LeaseListener> listeners = new CopyOnWriteArrayList<>();
    private final LeaseEnds ends;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hive-lease-clock");
        t.setDaemon(true);
        return t;
    });

    public Leases(
            LeaseConfig config,
            LeaseRepository repository,
            RackBackend rack,
            LeaseReservations reservations,
            TargetRestore restore,
            LeaseHealthHook health,
            Clock clock) {
        this.config = config;
        this.repository = repository;
        this.reservations = reservations;
        this.health = health;
        this.clock = clock;
        this.requests = new LeaseRequests(config, rack, reservations);
        this.channels = new LeaseChannels(rack);
        this.pending = new PendingLeases(config, repository, rack, reservations, channels, health, clock);
        this.activity = new LeaseActivity(clock);
        this.ends = new LeaseEnds(repository, reservations, restore, health, activity, listeners, thread, clock);
        reservations.onRunEnd(this::runEnded);
    }

    /** Ends leases a previous monitor left open, then starts the clock. */
    public void start() {
        int left = repository.endAllOpen(clock.instant(), LeaseEnd.MONITOR_STOPPED);
        if (left > 0) {
            LOG.warn("{} lease(s) left open by the previous monitor are ended", left);
        }
        thread.scheduleWithFixedDelay(this::sweepQuietly, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void addListener(LeaseListener listener) {
        listeners.add(listener);
    }

    public LeaseConfig config() {
        return config;
    }

    /**
     * Grants a lease: the target is found, checked to be free (no lease, no run, health allows), a channel that
     * reaches it is connected to it, and the lease is stored. With {@link LeaseRequest#waitForRun()}, a target that only a
     * run in progress keeps from being leased gets a pending lease instead, granted when the run ends
     * ({@link #runEnded}).
     *
     * <p>A health check in progress between runs holds its target until it ends (it connects a channel to it): the
     * request waits for it ({@link LeaseReservations#awaitChecks}), and is then decided on the target's health as the
     * check left it.
     *
     * @throws LeaseException when it cannot be granted (nor wait); nothing is changed then
     */
    public Lease create(LeaseRequest request, Holder holder) {
        long deadline = System.nanoTime() + LeaseReservations.CHECK_WAIT.toNanos();
        Optional<Lease> lease;
        while ((lease = grantUnlessChecking(request, holder)).isEmpty()) {
            reservations.awaitChecks(deadline);
        }
        return lease.get();
    }

    /** {@link #create}, or empty when a health check between runs is in progress (nothing is changed then). */
    private synchronized Optional<Lease> grantUnlessChecking(LeaseRequest request, Holder holder) {
        Duration length = requests.length(
                request.minutes().isPresent() ? request.minutes().getAsInt() : -1);
        TargetSlot slot = requests.slot(request.target());
        health.refusal(slot.address()).ifPresent(why -> {
            throw new LeaseException(Kind.CONFLICT, why);
        });
        List<Testchannel> candidates = requests.channels(request);
        synchronized (reservations) {
            OptionalLong run = reservations.run();
            if (run.isPresent() && request.waitForRun()) {
                return Optional.of(pending.store(run.getAsLong(), request, slot, candidates, holder, length));
            }
            if (run.isEmpty() && reservations.checkInProgress().isPresent()) {
                return Optional.empty();
            }
            LeaseChannels.Connection c = channels.connect(slot.address(), candidates, reservations::refusal);
            if (c.refusal() != null) {
                throw new LeaseException(Kind.CONFLICT, c.refusal());
            }
            Instant now = clock.instant();
            Lease lease = repository.insert(
                    slot.address(),
                    slot.target().name(),
                    c.channel(),
                    holder,
                    request.reason(),
                    now,
                    now.plus(length),
                    now.plus(config.cap()));
            return Optional.of(started(lease));
        }
    }

    /** A granted, stored lease: held back from runs, its idle time starts, its listeners hear it. */
    private Lease started(Lease lease) {
        reservations.hold(lease);
        activity.started(lease.id(), lease.grantedAt().orElseThrow());
        for (LeaseListener listener : listeners) {
            try {
                listener.started(lease);
            } catch (RuntimeException e) {
                // the lease is granted and stored: a listener that fails (a stream it cannot open) must not
                // turn it into an error that leaves it held
                LOG.warn("lease {}: a listener failed on its start: {}", lease.id(), e.toString());
            }
        }
        LOG.info(
                "lease {}: {} holds target {} ({}) on channel {} until {}{}",
                lease.id(),
                lease.holder(),
                lease.targetName(),
                lease.slot(),
                lease.channel(),
                lease.expiresAt(),
                lease.reason().isBlank() ? "" : " (" + lease.reason() + ")");
        return lease;
    }

    /**
     * Run {@code runId} is over (on the task runner's thread, after its targets are restored, before it takes the
     * next run): the rack is free again, and the pending leases are granted in the order they were asked for. One
     * that cannot be granted now (its target was granted to an earlier one, or left the pool) ends as
     * {@link LeaseEnd#REFUSED} with why.
     */
    synchronized void runEnded(long runId) {
        synchronized (reservations) {
            reservations.endRun(runId);
            if (reservations.run().isPresent()) {
                return;
            }
            pending.grantAll(runId, this::started);
        }
    }

    /** Ends a pending lease (cancelled, reclaimed, refused), excluded from a grant; nothing was connected for it. */
    private synchronized Optional<Lease> endPending(Lease waiting, LeaseEnd how, String by, String message) {
        return pending.end(waiting, how, by, message);
    }

    /** The pending leases, in the order they were asked for. */
    public List<Lease> pending() {
        return pending.list();
    }

    /**
     * Moves an open lease's end to {@code minutes} from now (the configured default when negative), never past its
     * cap.
     */
    public synchronized Lease extend(long id, int minutes, Holder holder) {
        Lease lease = openLease(id, holder);
        if (!lease.heldBy(holder)) {
            throw new LeaseException(
                    Kind.FORBIDDEN,
                    "lease " + id + " is not yours (it is " + lease.holder()
                            + "'s); only its holder extends it, an admin may end it");
        }
        Duration length = requests.length(minutes);
        Instant wanted = clock.instant().plus(length);
        if (wanted.isAfter(lease.capAt())) {
            throw new LeaseException(
                    Kind.INVALID,
                    "lease " + id + " may last until " + lease.capAt() + " at most (leases.capMinutes "
                            + config.cap().toMinutes() + " from its start); " + length.toMinutes()
                            + " more minutes would end at " + wanted);
        }
        if (!repository.extend(id, wanted)) {
            throw new LeaseException(Kind.CONFLICT, "lease " + id + " has ended");
        }
        Lease extended = lease.withExpiry(wanted);
        reservations.hold(extended);
        LOG.info("lease {}: extended by {} until {}", id, holder.name(), wanted);
        return extended;
    }

    /** Ends an open lease, or cancels a pending one, on its holder's (or an admin's) request. */
    public Lease release(long id, Holder holder) {
        Lease found = find(id, holder);
        if (found.pending()) {
            Optional<Lease> cancelled =
                    endPending(found, found.heldBy(holder) ? LeaseEnd.RELEASED : LeaseEnd.ADMIN, holder.name(), null);
            if (cancelled.isPresent()) {
                return cancelled.get();
            }
            // granted (or ended) meanwhile: released as an open lease below
        }
        Lease lease = openLease(id, holder);
        LeaseEnd how = lease.heldBy(holder) ? LeaseEnd.RELEASED : LeaseEnd.ADMIN;
        return ends.end(lease, how, holder.name())
                .orElseThrow(() -> new LeaseException(Kind.CONFLICT, "lease " + id + " has ended"));
    }

    /** The lease {@code id}, open or ended; visible to its holder and to admins. */
    public Lease find(long id, Holder who) {
        Lease lease = repository.find(id).orElseThrow(() -> new LeaseException(Kind.NOT_FOUND, "no lease " + id));
        if (!lease.heldBy(who) && !who.admin()) {
            throw new LeaseException(Kind.FORBIDDEN, "lease " + id + " is not yours (it is " + lease.holder() + "'s)");
        }
        if (lease.pending() && lease.heldBy(who)) {
            pending.asked(id); // its client is still there: not reclaimed
        }
        return lease;
    }

    /** The open lease {@code id} if {@code who} holds it (or is an admin). */
    public Lease openLease(long id, Holder who) {
        Lease lease = find(id, who);
        if (lease.pending()) {
            throw new LeaseException(
                    Kind.CONFLICT,
                    "lease " + id + " is pending: it is granted when run "
                            + lease.waitsForRun().map(String::valueOf).orElse("?") + " ends");
        }
        if (!lease.open()) {
            throw new LeaseException(
                    Kind.CONFLICT,
                    "lease " + id + " ended at " + lease.endedAt().orElseThrow() + " ("
                            + lease.end().orElseThrow().name().toLowerCase(Locale.ROOT) + ")");
        }
        return lease;
    }

    /** The open lease of {@code id}, for anybody (read-only UART); empty when none is open. */
    public Optional<Lease> openLease(long id) {
        return repository.find(id).filter(Lease::open);
    }

    /**
     * The run that holds the rack, from its start until its targets are reflashed after it (its end reaches the
     * client before that reflash): no lease is granted meanwhile.
     */
    public OptionalLong runHoldingRack() {
        return reservations.run();
    }

    /** The open lease {@code id} from memory (no database): for a WebSocket upgrade, which cannot wait. */
    public Optional<Lease> heldLease(long id) {
        return reservations.held().stream()
                .filter(l -> l.id() == id && l.open())
                .findFirst();
    }

    /** Whether {@code holder} (as a lease names it) holds an open lease on {@code slot}; from memory. */
    public boolean heldBy(SlotAddress slot, String holder) {
        return reservations.held().stream()
                .anyMatch(l -> l.open() && l.slot().equals(slot) && l.holder().equals(holder));
    }

    /** Open leases and, with {@code history}, the newest ended ones too (up to 100 in all). */
    public List<Lease> list(boolean history) {
        return history ? repository.recent(100) : repository.open();
    }

    /** The open lease holding the target in {@code slot}, from memory (no database); empty when none. */
    public Optional<Lease> openLeaseOf(SlotAddress slot) {
        return reservations.held().stream()
                .filter(l -> l.open() && l.slot().equals(slot))
                .findFirst();
    }

    /** The newest {@code limit} leases of {@code targetName} in {@code slot}, open or ended, newest first. */
    public List<Lease> history(SlotAddress slot, String targetName, int limit) {
        return repository.ofSlot(slot, targetName, limit);
    }

    /** A stream of lease {@code id} was attached: the lease is not idle. */
    public void streamAttached(long id) {
        activity.attached(id);
    }

    /** A stream of lease {@code id} was closed; with none left, the idle time starts now. */
    public void streamDetached(long id) {
        activity.detached(id);
    }

    /**
     * Ends the leases that are past their end or idle too long, and reclaims the pending leases whose client has not
     * asked for them ({@code GET}) for the idle time; answers them.
     */
    public List<Lease> sweep() {
        Instant now = clock.instant();
        var ended = new ArrayList<Lease>();
        synchronized (this) {
            ended.addAll(pending.reclaimIdle(now));
        }
        for (Lease lease : reservations.held()) {
            if (!lease.open()) {
                continue;
            }
            if (!now.isBefore(lease.expiresAt())) {
                ends.end(lease, LeaseEnd.EXPIRED, "monitor").ifPresent(ended::add);
            } else if (activity.idle(lease.id(), now, config.idle())) {
                ends.end(lease, LeaseEnd.IDLE, "monitor").ifPresent(ended::add);
            }
        }
        return ended;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("the lease clock failed; it tries again in {} s", SWEEP.toSeconds(), e);
        }
    }

    /**
     * Waits until the targets of ended leases are restored (tests; a reflash takes a moment).
     *
     * @return false when they were not within {@code timeout}
     */
    public boolean awaitRestored(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (reservations.held().stream().anyMatch(l -> !l.open())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Stops the clock; leases still open are ended as {@link LeaseEnd#MONITOR_STOPPED} (streams closed). */
    @Override
    public void close() {
        thread.shutdownNow();
        for (Lease waiting : pending()) {
            endPending(waiting, LeaseEnd.MONITOR_STOPPED, "monitor", null);
        }
        for (Lease lease : reservations.held()) {
            if (lease.open()) {
                ends.end(lease, LeaseEnd.MONITOR_STOPPED, "monitor");
            }
        }
    }
}
