package dev.hive.monitor.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hive.monitor.task.Run;
import dev.hive.protocol.fleet.FleetCodec;
import dev.hive.protocol.fleet.Shard;
import dev.hive.protocol.run.Filter;
import io.nats.client.Connection;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a run's shards on the hub's work queue, each once: a shard is the run's options narrowed to one target,
 * published under a message id of its own to its target's subject (or to the pinned rack's), after the consumer the
 * racks take it from is there. The front publishes when it dispatches a run and again, for the shards whose
 * publication it had not stored, when it picks a run up after a restart ({@link FrontResume}); the hub drops the
 * second copy.
 */
final class ShardPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ShardPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration claimExpiry;
    private final FrontRuns inFlight;
    private final FleetCodec codec = new FleetCodec();

    /** @param claimExpiry how long a rack's claim of a shard lasts unrenewed (the consumers' ack wait) */
    ShardPublisher(Duration claimExpiry, FrontRuns inFlight) {
        this.claimExpiry = claimExpiry;
        this.inFlight = inFlight;
    }

    /**
     * Puts shard {@code s} of {@code run} on the work queue, once: the hub drops a second publication with the same
     * message id within its duplicate window and answers with the first one's number.
     *
     * @return true when the hub had the shard already (a second publication, dropped)
     */
    boolean publish(Connection c, FrontRun f, Run run, ShardProgress s) throws Exception {
        String pinned = s.pinnedRack;
        if (pinned == null) {
            HubResources.ensureConsumer(c, s.target, claimExpiry);
        } else {
            HubResources.ensurePinnedConsumer(c, pinned, claimExpiry);
        }
        Shard shard = shardOf(f.runKey, run, s.target);
        PublishAck ack = c.jetStream()
                .publish(
                        NatsMessage.builder()
                                .subject(
                                        pinned == null
                                                ? HubResources.workSubject(s.target)
                                                : HubResources.pinnedSubject(pinned, s.target))
                                .data(codec.encode(shard))
                                .build(),
                        PublishOptions.builder().messageId(shard.messageId()).build());
        synchronized (f) {
            inFlight.published(f, s, ack.getSeqno());
        }
        if (ack.isDuplicate()) {
            LOG.info("fleet: shard {} was on the work queue already", shard.messageId());
        }
        return ack.isDuplicate();
    }

    /** The shard of {@code run} for {@code target} as the work queue gets it: the run's options narrowed to it. */
    static Shard shardOf(String runKey, Run run, String target) throws Exception {
        return new Shard(runKey, target, run.runnerSha256(), shardOptions(run.optionsJson(), target));
    }

    /** The run's options with the targets narrowed to {@code target}. */
    private static String shardOptions(String optionsJson, String target) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(optionsJson);
        node.set("targets", JSON.valueToTree(Filter.include(target)));
        return JSON.writeValueAsString(node);
    }
}
