package dev.hive.monitor.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.protocol.fleet.RackInventory;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a shard's racks are lost. Every second (on its own thread) it ends the shards no live rack can
 * finish any more: the rack running one stopped reporting (its inventory expired) and no other live rack offers
 * the target, or no live rack offers a waiting shard's target; a shard pinned to a rack that is not live (it is
 * never handed to another rack). A lost rack's shard whose target another live rack offers is left to the hub, which delivers it again once its claim lapses. It also ends a shard the hub
 * delivered {@link HubResources#MAX_DELIVER} times with no attempt ending (the hub's advisory).
 */
final class ShardWatchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardWatchdog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FleetLink link;
    private final Duration inventoryTtl;
    private final FrontRuns runs;
    private final FleetBoard board;
    private final Executor work;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hive-fleet-watchdog");
        t.setDaemon(true);
        return t;
    });
    private volatile long connectedAt = System.nanoTime();

    /**
     * @param work where a run whose shards have all ended is finished (the dispatcher's thread)
     */
    ShardWatchdog(FleetLink link, Duration inventoryTtl, FrontRuns runs, FleetBoard board, Executor work) {
        this.link = link;
        this.inventoryTtl = inventoryTtl;
        this.runs = runs;
        this.board = board;
        this.work = work;
    }

    /** Runs {@code eachSecond} and then the watch every second. */
    void start(Runnable eachSecond) {
        timer.scheduleWithFixedDelay(
                () -> {
                    eachSecond.run();
                    watch();
                },
                1,
                1,
                TimeUnit.SECONDS);
    }

    /** The link (re)connected: racks are judged again only after one inventory TTL. */
    void connected() {
        connectedAt = System.nanoTime();
    }

    private void watch() {
        if (runs.isEmpty()) {
            return;
        }
        // Just (re)connected, e.g. to a hub that restarted: the racks' entries may have expired meanwhile and not
        // be written again yet. A rack is judged lost only after one inventory TTL of connection.
        if (System.nanoTime() - connectedAt < inventoryTtl.plusSeconds(1).toNanos()) {
            return;
        }
        Optional<Connection> connection = link.connection();
        if (connection.isEmpty()) {
            return;
        }
        List<RackInventory> live;
        try {
            live = board.live(connection.get());
        } catch (Exception e) {
            LOG.debug("fleet: the watchdog cannot read the racks: {}", e.toString());
            return;
        }
        for (FrontRun f : runs.all()) {
            boolean allEnded;
            synchronized (f) {
                if (f.over) {
                    continue;
                }
                for (ShardProgress s : f.shards.values()) {
                    if (s.end != null) {
                        continue;
                    }
                    if (s.pinnedRack != null) {
                        pinnedShard(f, s, live);
                        continue;
                    }
                    boolean rackAlive = s.rack != null
                            && live.stream().anyMatch(r -> r.rackId().equals(s.rack));
                    boolean offered = live.stream().anyMatch(r -> r.targets().stream()
                            .anyMatch(t -> t.name().equals(s.target)));
                    if (!offered && !rackAlive) {
                        runs.ended(
                                f,
                                s,
                                ShardState.LOST,
                                s.rack == null
                                        ? "no live rack offers " + s.target + " any more"
                                        : "rack lost: " + s.rack + " stopped reporting (attempt " + s.attempt
                                                + ") and no other live rack offers " + s.target);
                        runs.note(f.runId, "WARN", "target " + s.target + ": " + s.error);
                    }
                }
                allEnded = f.overWhenAllEnded();
            }
            if (allEnded) {
                work.execute(() -> runs.finish(f));
            }
        }
    }

    /**
     * A shard pinned to a rack is never handed to another: when that rack is not live it ends {@code lost}, the run
     * {@code failed} with "rack lost". Called holding {@code f}.
     */
    private void pinnedShard(FrontRun f, ShardProgress s, List<RackInventory> live) {
        if (live.stream().anyMatch(r -> r.rackId().equals(s.pinnedRack))) {
            return;
        }
        runs.ended(
                f,
                s,
                ShardState.LOST,
                "rack lost: " + s.pinnedRack + " stopped reporting "
                        + (s.attempt == 0 ? "before it took the shard" : "(attempt " + s.attempt + ")")
                        + " and the run is pinned to it");
        runs.note(f.runId, "WARN", "target " + s.target + ": " + s.error);
    }

    /** A shard was delivered {@link HubResources#MAX_DELIVER} times and no attempt ended: the racks were lost. */
    void maxDeliveries(Message advisory) {
        long sequence;
        try {
            sequence = JSON.readTree(advisory.getData()).path("stream_seq").asLong(-1);
        } catch (IOException e) {
            return;
        }
        for (FrontRun f : runs.all()) {
            boolean allEnded;
            synchronized (f) {
                ShardProgress s = f.shards.values().stream()
                        .filter(x -> x.sequence == sequence && x.end == null)
                        .findFirst()
                        .orElse(null);
                if (s == null || f.over) {
                    continue;
                }
                runs.ended(
                        f,
                        s,
                        ShardState.LOST,
                        "rack lost: the shard was claimed " + HubResources.MAX_DELIVER + " times (last by " + s.rack
                                + ") and no attempt ended");
                runs.note(f.runId, "WARN", "target " + s.target + ": " + s.error);
                allEnded = f.overWhenAllEnded();
            }
            if (allEnded) {
                work.execute(() -> runs.finish(f));
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
