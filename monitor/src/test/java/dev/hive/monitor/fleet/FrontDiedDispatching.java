package dev.hive.monitor.fleet;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.fleet.FleetCodec;
import dev.hive.protocol.fleet.Shard;
import io.nats.client.Connection;
import io.nats.client.PublishOptions;
import io.nats.client.impl.NatsMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * For the tests: what a front leaves behind when it dies between storing a run's shards and publishing them,
 * written with the front's own classes (no mock of the hub or of the database): the run {@code running} and its
 * shards stored {@code queued} without a publication, in a stopped front's real database; and a shard put on the
 * real hub's work queue exactly as the front's dispatcher puts it (the same message, the same message id), for a
 * shard the front published but died before it stored the hub's answer.
 */
public final class FrontDiedDispatching {

    private FrontDiedDispatching() {}

    /**
     * In the database of a stopped front: what {@code ShardDispatcher.dispatch} has stored when it is about to publish
     * the shards (the queued run is running, one queued shard per target, none published).
     */
    public static Run storeShards(Path databaseFile, long runId, List<String> targets) {
        Clock clock = Clock.systemUTC();
        Database db = Database.open(databaseFile, clock);
        try {
            Run running = new RunRepository(db, clock).transition(runId, RunState.RUNNING, Optional.empty());
            new ShardRepository(db, clock).create(runId, targets, null);
            return running;
        } finally {
            db.close();
        }
    }

    /**
     * Publishes shard {@code target} of {@code run} as the front {@code frontId} does (after it set up the streams
     * and the target's consumer); answers the hub's number of the message on the work queue.
     */
    public static long publish(Connection c, String frontId, Run run, String target, Duration claimExpiry)
            throws Exception {
        HubResources.ensureStreams(c);
        HubResources.ensureConsumer(c, target, claimExpiry);
        Shard shard = ShardPublisher.shardOf(frontId + "-" + run.id(), run, target);
        return c.jetStream()
                .publish(
                        NatsMessage.builder()
                                .subject(HubResources.workSubject(target))
                                .data(new FleetCodec().encode(shard))
                                .build(),
                        PublishOptions.builder().messageId(shard.messageId()).build())
                .getSeqno();
    }
}
