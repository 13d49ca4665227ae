package dev.hive.monitor.fleet;

import dev.hive.monitor.task.RunState;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.fleet.FleetCodec;
import dev.hive.protocol.fleet.Shard;
import dev.hive.protocol.fleet.ShardEvent;
import dev.hive.protocol.run.Summary;
import io.nats.client.Connection;
import io.nats.client.PublishOptions;
import io.nats.client.impl.NatsMessage;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a rack tells the front what became of a shard it claimed: each event of the shard's run, stamped with this
 * rack and the attempt, is stored in the hub's events stream under a message id of its own, one at a time and in
 * order on a thread of their own, tried again while the hub is away (the hub keeps one copy). The front misses
 * nothing of an attempt, in particular not its end, which is stored before the shard is acknowledged.
 */
final class ShardEventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ShardEventPublisher.class);

    private final FleetLink link;
    private final String rackId;
    private final BooleanSupplier stopping;
    private final FleetCodec codec = new FleetCodec();
    private final ExecutorService events;

    /** @param stopping whether the rack's source is stopping: an event not stored by then is given up */
    ShardEventPublisher(FleetLink link, String rackId, BooleanSupplier stopping) {
        this.link = link;
        this.rackId = rackId;
        this.stopping = stopping;
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hive-fleet-events");
            t.setDaemon(true);
            return t;
        });
    }

    /** Stores the {@code number}th event of the shard's attempt, after the events reported before it. */
    void report(Shard shard, int attempt, long number, RunEvent event) {
        byte[] data = codec.encode(new ShardEvent(shard.runKey(), shard.target(), rackId, attempt, event));
        String id = shard.messageId() + "/" + attempt + "/" + number;
        events.execute(() -> store(HubResources.eventsSubject(shard.runKey()), data, id));
    }

    /** Runs {@code then} on the events' thread, after every event reported before. */
    void afterEvents(Runnable then) {
        events.execute(then);
    }

    /** Stores, on the caller's thread, the end of an attempt that ran no test. */
    void ended(Shard shard, int attempt, long runId, RunState state, String error) {
        ended(shard, attempt, runId, state, error, new Summary(0, 0, 0, 0, 0));
    }

    /**
     * Stores, on the caller's thread, the end of the shard's attempt.
     *
     * @return whether it was stored (not when the source stopped first)
     */
    boolean ended(Shard shard, int attempt, long runId, RunState state, String error, Summary summary) {
        byte[] data = codec.encode(new ShardEvent(
                shard.runKey(), shard.target(), rackId, attempt, new RunEnded(runId, state.dbName(), summary, error)));
        return store(HubResources.eventsSubject(shard.runKey()), data, shard.messageId() + "/" + attempt + "/end");
    }

    /**
     * Publishes one event and waits until the hub stored it, trying again (with the same message id, so the hub
     * keeps one copy) while the hub is away. Gives up only when the source stops.
     *
     * @return whether the event was stored
     */
    private boolean store(String subject, byte[] data, String messageId) {
        var message = NatsMessage.builder().subject(subject).data(data).build();
        var options = PublishOptions.builder().messageId(messageId).build();
        boolean warned = false;
        while (!stopping.getAsBoolean()) {
            Optional<Connection> connection = link.connection();
            try {
                if (connection.isPresent()) {
                    connection.get().jetStream().publish(message, options);
                    return true;
                }
            } catch (Exception e) {
                if (!warned) {
                    LOG.warn("fleet: storing event {} failed, trying again: {}", messageId, e.toString());
                    warned = true;
                }
                link.redialIfTimedOut(e, "storing an event");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Stops the events' thread; the events not stored yet are given up. */
    void close() {
        events.shutdownNow();
    }
}
