package dev.hive.monitor.fleet;

import dev.hive.protocol.fleet.RackInventory;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an idle rack asks the hub's work queue for a shard: one message from one consumer at a time (never more: no
 * prefetch), the shards pinned to this rack first, then its targets' consumers, those the fewest live racks offer
 * first, so a target only it has is not left waiting while it serves one another rack could serve as well. The rack
 * creates no consumer: one the front has not made yet (it never published a shard for it) is skipped, and one the
 * hub's permissions do not allow this rack is skipped with a warning. Used on the {@link ShardSource}'s puller
 * thread only.
 */
final class ShardPuller {

    private static final Logger LOG = LoggerFactory.getLogger(ShardPuller.class);
    /** How long one look at a consumer waits for a shard: a ring means it is stored already. */
    private static final Duration FETCH_WAIT = Duration.ofMillis(50);
    /** How long the rarest-first order of the rack's targets is kept before the live racks are read again. */
    private static final Duration ORDER_KEPT = Duration.ofSeconds(5);

    private final FleetLink link;
    private final String rackId;
    private final BooleanSupplier idle;
    private final FleetBoard board = new FleetBoard();
    private final Set<String> ensured = new HashSet<>(); // consumers checked
    private final Map<String, Long> missing = new HashMap<>(); // consumers found missing, with when (nanoTime)
    private List<String> order = List.of(); // the consumers, in the order they are asked
    private List<String> orderOf = List.of(); // ... for these targets
    private long orderedAt; // ... read then (nanoTime)

    /** @param idle whether the rack is still idle: the look stops as soon as it is not */
    ShardPuller(FleetLink link, String rackId, BooleanSupplier idle) {
        this.link = link;
        this.rackId = rackId;
        this.idle = idle;
    }

    /** A shard was published (its consumer made first) or one ended: the consumers found missing are asked again. */
    void lookAgain() {
        missing.clear();
    }

    /** Forgets what was found on the hub (a new connection, or a failed look): it may be another hub now. */
    void forget() {
        ensured.clear();
        missing.clear();
        orderOf = List.of();
    }

    /** One shard of one of the rack's targets, rarest target first; null when none is waiting. */
    Message fetchOne(Connection c, List<String> mine) throws Exception {
        for (String consumer : consumers(c, mine)) {
            if (!idle.getAsBoolean()) {
                return null;
            }
            if (!ensured.contains(consumer)) {
                // A missing consumer is asked for again on a ring (the front makes it before it publishes the
                // first shard for it) or after a while, not on every look.
                Long since = missing.get(consumer);
                if (since != null && System.nanoTime() - since < ORDER_KEPT.toNanos()) {
                    continue;
                }
                if (!consumerOf(c, consumer)) {
                    missing.put(consumer, System.nanoTime());
                    continue;
                }
                missing.remove(consumer);
                ensured.add(consumer);
            }
            // A pull subscription lives for one fetch only: one left subscribed across a reconnection to a
            // restarted hub made every later JetStream request of the connection time out. Bound without asking
            // the hub again (the consumer was found above; a reconnection finds it again).
            JetStreamSubscription pull =
                    c.jetStream().subscribe(null, PullSubscribeOptions.fastBind(HubResources.RUNS_STREAM, consumer));
            List<Message> got;
            try {
                got = pull.fetch(1, FETCH_WAIT);
            } finally {
                pull.unsubscribe();
            }
            if (!got.isEmpty()) {
                return got.get(0);
            }
        }
        return null;
    }

    /**
     * The consumers to ask, in order: the shards pinned to this rack first (no other rack may take them), then each
     * target's, those the fewest live racks offer first. The live racks are read again after {@link #ORDER_KEPT}.
     */
    private List<String> consumers(Connection c, List<String> mine) throws Exception {
        if (mine.equals(orderOf) && System.nanoTime() - orderedAt < ORDER_KEPT.toNanos()) {
            return order;
        }
        Map<String, Long> offeredBy = new HashMap<>();
        for (RackInventory rack : board.live(c)) {
            rack.targets().stream()
                    .map(RackInventory.Target::name)
                    .distinct()
                    .forEach(t -> offeredBy.merge(t, 1L, Long::sum));
        }
        List<String> byRarity = mine.stream()
                .distinct()
                .sorted(Comparator.comparingLong((String t) -> offeredBy.getOrDefault(t, 0L))
                        .thenComparing(t -> t))
                .toList();
        List<String> consumers = new ArrayList<>();
        consumers.add(HubResources.pinnedConsumer(rackId));
        byRarity.forEach(t -> consumers.add(HubResources.consumer(t)));
        order = List.copyOf(consumers);
        orderOf = List.copyOf(mine);
        orderedAt = System.nanoTime();
        return order;
    }

    /**
     * Whether the work queue's consumer exists (a target's, or this rack's pinned shards'): not yet when the front
     * never published a shard for it. One the hub's permissions do not allow this rack is skipped, with a warning
     * once a minute naming the subject.
     */
    private boolean consumerOf(Connection c, String consumer) throws Exception {
        String info = HubResources.consumerApi("CONSUMER.INFO", consumer);
        if (link.refused(info)) {
            return false;
        }
        try {
            return HubResources.hasConsumer(c, consumer);
        } catch (IOException e) {
            if (!link.refused(info)) {
                throw e;
            }
            boolean pinned = consumer.equals(HubResources.pinnedConsumer(rackId));
            String why = "the hub does not allow rack " + rackId + " to take work for "
                    + (pinned ? "the runs pinned to it" : "target " + consumer.substring("RUNS_T_".length()))
                    + " (Permissions Violation for " + info + "): "
                    + (pinned
                            ? "generate the hub's permission file again"
                            : "add the target to this rack in the hub's" + " permission file")
                    + " (docs/fleet.md)";
            LOG.warn("fleet: {}", why);
            link.failed(why);
            return false;
        }
    }
}
