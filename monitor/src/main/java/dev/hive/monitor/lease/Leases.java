package dev.hive.monitor.lease;

import dev.hive.monitor.config.LeaseConfig;
import dev.hive.monitor.lease.LeaseException.Kind;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.backend.RackException;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.Testchannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grants, extends and ends leases. The monitor's clock ends them: {@link #sweep()} (every second on a thread of its
 * own once {@link #start()}ed) ends a lease past its end ({@link LeaseEnd#EXPIRED}) and one that had no stream
 * attached for the configured idle time ({@link LeaseEnd#IDLE}). Ending a lease stores how and by whom, tells the
 * {@link LeaseListener}s (its streams are closed), and then, on the lease thread, restores the target (disconnect
 * and reflash) before batch runs may use it again. Blocking calls (database, rack): never on an event loop.
 */
public final class Leases implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    private static final Duration SWEEP = Duration.ofSeconds(1);

    private final LeaseConfig config;
    private final LeaseRepository repository;
    private final RackBackend rack;
    private final LeaseReservations reservations;
    private final TargetRestore restore;
    private final LeaseHealthHook health;
    private final Clock clock;
    private final List<LeaseListener> listeners = new CopyOnWriteArrayList<>();
    /** Streams attached per open lease, and since when none has been (idle reclaim). */
    private final Map<Long, Activity> activity = new ConcurrentHashMap<>();

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hive-lease-clock");
        t.setDaemon(true);
        return t;
    });

    private static final class Activity {
        int streams;
        Instant idleSince;

        Activity(Instant since) {
            idleSince = since;
        }
    }

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
        this.rack = rack;
        this.reservations = reservations;
        this.restore = restore;
        this.health = health;
        this.clock = clock;
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
     * reaches it is connected to it, and the lease is stored.
     *
     * @throws LeaseException when it cannot be granted; nothing is changed then
     */
    public synchronized Lease create(LeaseRequest request, Holder holder) {
        Duration length =
                length(request.minutes().isPresent() ? request.minutes().getAsInt() : -1);
        TargetSlot slot = findSlot(request.target());
        health.refusal(slot.address()).ifPresent(why -> {
            throw new LeaseException(Kind.CONFLICT, why);
        });
        List<Testchannel> candidates = channels(request);
        String lastRefusal = null;
        synchronized (reservations) {
            for (Testchannel channel : candidates) {
                Optional<String> refused = reservations.refusal(slot.address(), channel.index());
                if (refused.isPresent()) {
                    lastRefusal = refused.get();
                    if (refused.get().startsWith("target")
                            || refused.get().startsWith("run")
                            || refused.get().startsWith("stack")) {
                        break; // no other channel helps
                    }
                    continue;
                }
                try {
                    rack.connect(channel.index(), slot.address());
                } catch (RackException e) {
                    lastRefusal = "channel " + channel.index() + " cannot serve target " + slot.address() + ": "
                            + e.getMessage();
                    continue;
                }
                Instant now = clock.instant();
                Lease lease = repository.insert(
                        slot.address(),
                        slot.target().name(),
                        channel.index(),
                        holder,
                        request.reason(),
                        now,
                        now.plus(length),
                        now.plus(config.cap()));
                reservations.hold(lease);
                activity.put(lease.id(), new Activity(now));
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
                        holder.name(),
                        slot.target().name(),
                        slot.address(),
                        channel.index(),
                        lease.expiresAt(),
                        request.reason().isBlank() ? "" : " (" + request.reason() + ")");
                return lease;
            }
        }
        throw new LeaseException(
                Kind.CONFLICT,
                lastRefusal != null ? lastRefusal : "no channel with a probe can serve target " + slot.address());
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
        Duration length = length(minutes);
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

    /** Ends an open lease on its holder's (or an admin's) request. */
    public Lease release(long id, Holder holder) {
        Lease lease = openLease(id, holder);
        LeaseEnd how = lease.heldBy(holder) ? LeaseEnd.RELEASED : LeaseEnd.ADMIN;
        return end(lease, how, holder.name())
                .orElseThrow(() -> new LeaseException(Kind.CONFLICT, "lease " + id + " has ended"));
    }

    /** The lease {@code id}, open or ended; visible to its holder and to admins. */
    public Lease find(long id, Holder who) {
        Lease lease = repository.find(id).orElseThrow(() -> new LeaseException(Kind.NOT_FOUND, "no lease " + id));
        if (!lease.heldBy(who) && !who.admin()) {
            throw new LeaseException(Kind.FORBIDDEN, "lease " + id + " is not yours (it is " + lease.holder() + "'s)");
        }
        return lease;
    }

    /** The open lease {@code id} if {@code who} holds it (or is an admin). */
    public Lease openLease(long id, Holder who) {
        Lease lease = find(id, who);
        if (!lease.open()) {
            throw new LeaseException(
                    Kind.CONFLICT,
                    "lease " + id + " ended at " + lease.endedAt().orElseThrow() + " ("
                            + lease.end().orElseThrow().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return lease;
    }

    /** The open lease of {@code id}, for anybody (read-only UART); empty when none is open. */
    public Optional<Lease> openLease(long id) {
        return repository.find(id).filter(Lease::open);
    }

    /** The open lease {@code id} from memory (no database): for a WebSocket upgrade, which cannot wait. */
    /**
     * The run that holds the rack, from its start until its targets are reflashed after it (its end reaches the
     * client before that reflash): no lease is granted meanwhile.
     */
    public OptionalLong runHoldingRack() {
        return reservations.run();
    }

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
        Activity a = activity.get(id);
        if (a != null) {
            synchronized (a) {
                a.streams++;
            }
        }
    }

    /** A stream of lease {@code id} was closed; with none left, the idle time starts now. */
    public void streamDetached(long id) {
        Activity a = activity.get(id);
        if (a != null) {
            synchronized (a) {
                a.streams = Math.max(0, a.streams - 1);
                if (a.streams == 0) {
                    a.idleSince = clock.instant();
                }
            }
        }
    }

    /** Ends the leases that are past their end or idle too long; answers them. */
    public List<Lease> sweep() {
        Instant now = clock.instant();
        var ended = new ArrayList<Lease>();
        for (Lease lease : reservations.held()) {
            if (!lease.open()) {
                continue;
            }
            if (!now.isBefore(lease.expiresAt())) {
                end(lease, LeaseEnd.EXPIRED, "monitor").ifPresent(ended::add);
                continue;
            }
            Activity a = activity.get(lease.id());
            if (a != null) {
                boolean idle;
                synchronized (a) {
                    idle = a.streams == 0 && !now.isBefore(a.idleSince.plus(config.idle()));
                }
                if (idle) {
                    end(lease, LeaseEnd.IDLE, "monitor").ifPresent(ended::add);
                }
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
     * Ends {@code lease}: stored first (only one ender wins), then its listeners hear it, then its target is
     * restored on the lease thread and given back to batch runs.
     */
    private Optional<Lease> end(Lease lease, LeaseEnd how, String by) {
        Instant now = clock.instant();
        if (!repository.end(lease.id(), now, how, by)) {
            return Optional.empty();
        }
        Lease ended = lease.ended(now, how, by);
        reservations.hold(ended); // still held until it is restored
        activity.remove(lease.id());
        LOG.info("lease {}: ended ({}) by {}", lease.id(), how.name().toLowerCase(java.util.Locale.ROOT), by);
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

    private Duration length(int minutes) {
        if (minutes < 0) {
            return config.defaultLength();
        }
        if (minutes == 0 || minutes > config.maxLength().toMinutes()) {
            throw new LeaseException(
                    Kind.INVALID,
                    "minutes must be from 1 to " + config.maxLength().toMinutes() + " (leases.maxMinutes), got "
                            + minutes);
        }
        return Duration.ofMinutes(minutes);
    }

    private TargetSlot findSlot(String target) {
        List<TargetSlot> known = rack.rack().knownSlots();
        if (target.matches("\\d+/\\d+")) {
            String[] parts = target.split("/");
            SlotAddress address = new SlotAddress(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            return known.stream()
                    .filter(s -> s.address().equals(address))
                    .findFirst()
                    .orElseThrow(() -> new LeaseException(Kind.NOT_FOUND, "no known target in slot " + target));
        }
        List<TargetSlot> named =
                known.stream().filter(s -> s.target().name().equals(target)).toList();
        if (named.isEmpty()) {
            throw new LeaseException(
                    Kind.NOT_FOUND,
                    "no target named '" + target + "' on this rack (known: "
                            + String.join(
                                    ", ",
                                    known.stream()
                                            .map(s -> s.target().name() + " " + s.address())
                                            .toList()) + ")");
        }
        return named.stream()
                .filter(s -> reservations.held().stream()
                        .noneMatch(l -> l.slot().stack() == s.address().stack()))
                .findFirst()
                .orElse(named.get(0));
    }

    private List<Testchannel> channels(LeaseRequest request) {
        List<Testchannel> all = rack.rack().channels();
        if (request.channel().isPresent()) {
            int wanted = request.channel().getAsInt();
            Testchannel c = all.stream()
                    .filter(ch -> ch.index() == wanted)
                    .findFirst()
                    .orElseThrow(() -> new LeaseException(Kind.NOT_FOUND, "no channel " + wanted + " on this rack"));
            if (c.probe() == null) {
                throw new LeaseException(Kind.CONFLICT, "channel " + wanted + " has no probe");
            }
            return List.of(c);
        }
        return all.stream().filter(c -> c.probe() != null).toList();
    }

    /** Stops the clock; leases still open are ended as {@link LeaseEnd#MONITOR_STOPPED} (streams closed). */
    @Override
    public void close() {
        thread.shutdownNow();
        for (Lease lease : reservations.held()) {
            if (lease.open()) {
                end(lease, LeaseEnd.MONITOR_STOPPED, "monitor");
            }
        }
    }
}
