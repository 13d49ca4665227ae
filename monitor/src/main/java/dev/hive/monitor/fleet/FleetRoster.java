package dev.hive.monitor.fleet;

import dev.hive.monitor.config.FleetRole;
import dev.hive.protocol.fleet.RackInventory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet as its users see it (docs/api.md, {@code GET /api/v1/fleet}): this monitor's role and hub connection,
 * and on a front the racks of the {@code hive-racks} bucket. A rack whose entry expired stays listed as gone
 * ({@code live} false, with its last inventory) for {@link #KEEP_GONE} after the front last saw it, so a rack that
 * died shows as such instead of vanishing. Reading the racks blocks (it asks the hub): call it on a worker.
 *
 * <p>On a front the roster hears every read of its {@link #board()}, which the dispatcher and its watchdog share,
 * and {@link #start() reads} the bucket itself when nobody did for {@link #STORE_EVERY}: the racks it saw live are
 * stored in {@link RackSightings} whoever read them, not only when users look at the fleet.
 */
public final class FleetRoster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetRoster.class);

    /** How long a rack that dropped out of the bucket stays listed as gone. */
    public static final Duration KEEP_GONE = Duration.ofHours(1);

    /**
     * How often a live rack's sighting is stored again, and how long the roster waits for a read by someone else
     * before it reads the bucket itself.
     */
    static final Duration STORE_EVERY = Duration.ofSeconds(30);

    /** How often the roster's timer checks whether a read of its own is due. */
    private static final Duration TICK = Duration.ofSeconds(5);

    /**
     * One rack as the front last read it.
     *
     * @param live whether its entry is in the bucket now (false: it stopped refreshing it within the TTL)
     */
    public record Rack(RackInventory inventory, boolean live) {
        public Rack {
            Objects.requireNonNull(inventory, "inventory");
        }
    }

    /**
     * What one look at the fleet shows.
     *
     * @param racks empty on a rack monitor (only a front reads the inventory); ordered by lab, then rack id
     * @param racksReadAt when the racks were last read from the hub; empty when never (or on a rack)
     * @param racksError why the racks could not be read just now (e.g. the hub is away): the list is the last read
     */
    public record Overview(
            FleetRole role,
            FleetStatus hub,
            List<Rack> racks,
            Optional<Instant> racksReadAt,
            Optional<String> racksError) {
        public Overview {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(hub, "hub");
            racks = List.copyOf(racks);
            Objects.requireNonNull(racksReadAt, "racksReadAt");
            Objects.requireNonNull(racksError, "racksError");
        }
    }

    private final FleetLink link;
    private final FleetRole role;
    private final Clock clock;
    private final ShardRepository shards;
    private final RackSightings sightings;
    /** When each rack was last written to {@link #sightings}: at most every {@link #STORE_EVERY}. */
    private final Map<String, Instant> stored = new HashMap<>();

    private boolean recalled;
    private final FleetBoard board = new FleetBoard(this::update);
    private ScheduledExecutorService timer;
    /** Every rack seen, by id, with when it was last seen live. */
    private final Map<String, Seen> seen = new LinkedHashMap<>();

    private Instant readAt;

    private record Seen(RackInventory inventory, Instant lastLive, boolean live) {}

    public FleetRoster(FleetLink link, FleetRole role, Clock clock) {
        this(link, role, null, null, clock);
    }

    /**
     * @param shards where a front keeps its runs' shards; null on a rack
     * @param sightings where a front keeps the racks it saw, so it lists them as gone after a restart; null on a
     *     rack
     */
    public FleetRoster(FleetLink link, FleetRole role, ShardRepository shards, RackSightings sightings, Clock clock) {
        this.link = link;
        this.role = role;
        this.shards = shards;
        this.sightings = sightings;
        this.clock = clock;
    }

    public FleetRole role() {
        return role;
    }

    /** The hub connection, without asking the hub. */
    public FleetStatus status() {
        return link.status();
    }

    /**
     * The board a front's dispatcher and watchdog read the live racks from: the roster hears every read of it.
     */
    public FleetBoard board() {
        return board;
    }

    /**
     * On a front, starts the roster's own reads: every {@link #TICK} it reads the bucket when nobody did for
     * {@link #STORE_EVERY} (on its own thread, {@code hive-fleet-roster}). Nothing on a rack.
     */
    public synchronized void start() {
        if (role != FleetRole.FRONT || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hive-fleet-roster");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look of the timer: a read of its own when the hub is connected and no read came for a while. */
    void tick() {
        recall();
        synchronized (this) {
            if (readAt != null && readAt.plus(STORE_EVERY).isAfter(clock.instant())) {
                return;
            }
        }
        var connection = link.connection();
        if (connection.isEmpty()) {
            return;
        }
        try {
            board.live(connection.get());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("fleet: the roster cannot read the racks: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /**
     * The fleet now; on a front it reads the bucket (blocking, at most jnats' request timeout, without holding the
     * roster so the dispatcher's reads are not held up behind it).
     */
    public Overview overview() {
        if (role != FleetRole.FRONT) {
            return new Overview(role, link.status(), List.of(), Optional.empty(), Optional.empty());
        }
        recall();
        String error = null;
        var connection = link.connection();
        if (connection.isEmpty()) {
            error = "the hub is not connected (" + link.status().state().name().toLowerCase(java.util.Locale.ROOT)
                    + "): the racks are as last read";
        } else {
            try {
                board.live(connection.get());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                error = "cannot read the racks from the hub: " + e.getMessage() + "; the racks are as last read";
            }
        }
        synchronized (this) {
            return new Overview(role, link.status(), racks(), Optional.ofNullable(readAt), Optional.ofNullable(error));
        }
    }

    /**
     * Takes one read of the bucket, by whoever read it: the racks in it are live, the others gone (and forgotten
     * after a while); the live ones are stored when due.
     */
    synchronized void update(List<RackInventory> live) {
        Instant now = clock.instant();
        Set<String> ids = new HashSet<>();
        for (RackInventory r : live) {
            ids.add(r.rackId());
            seen.put(r.rackId(), new Seen(r, now, true));
        }
        seen.replaceAll((id, s) -> ids.contains(id) ? s : new Seen(s.inventory(), s.lastLive(), false));
        seen.values().removeIf(s -> !s.live() && s.lastLive().plus(KEEP_GONE).isBefore(now));
        readAt = now;
        store(live, now);
    }

    /** Once, on a front: the racks seen live before a restart, within {@link #KEEP_GONE}, listed as gone. */
    synchronized void recall() {
        if (recalled || sightings == null) {
            return;
        }
        recalled = true;
        try {
            for (RackSightings.Sighting s : sightings.since(clock.instant().minus(KEEP_GONE))) {
                seen.putIfAbsent(s.inventory().rackId(), new Seen(s.inventory(), s.lastLive(), false));
                stored.put(s.inventory().rackId(), s.lastLive());
            }
        } catch (RuntimeException e) {
            LOG.warn("fleet: cannot read the racks seen before: {}", e.toString());
        }
    }

    private void store(List<RackInventory> live, Instant now) {
        if (sightings == null) {
            return;
        }
        List<RackInventory> due = live.stream()
                .filter(r -> !stored.containsKey(r.rackId())
                        || !stored.get(r.rackId()).plus(STORE_EVERY).isAfter(now))
                .toList();
        if (due.isEmpty()) {
            return;
        }
        try {
            sightings.seen(due, now, now.minus(KEEP_GONE));
            due.forEach(r -> stored.put(r.rackId(), now));
        } catch (RuntimeException e) {
            LOG.warn("fleet: cannot store the racks seen: {}", e.toString());
        }
    }

    synchronized List<Rack> racks() {
        List<Rack> racks = new ArrayList<>();
        seen.values().forEach(s -> racks.add(new Rack(s.inventory(), s.live())));
        racks.sort(Comparator.comparing((Rack r) -> r.inventory().lab())
                .thenComparing(r -> r.inventory().rackId()));
        return racks;
    }

    /**
     * The shards of a fleet run on this front, each with its attempts; empty for a run that is not one (a plain
     * run, or any run on a rack). Reads the database: call it on a worker.
     */
    public List<FleetShard> shards(long runId) {
        return shards == null ? List.of() : shards.forRun(runId);
    }
}
