package dev.hive.protocol.fleet;

import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * What a rack tells about a shard it runs, on the run's events subject: a phase, a test's start or result, a
 * log line, or the shard's end ({@code ended}). The event's own run id is the rack's local run id; the front
 * reads the run from {@code runKey}.
 *
 * @param runKey the run across the fleet ({@link Shard#runKey()})
 * @param target the shard's target
 * @param rackId the rack that runs the shard
 * @param attempt which delivery of the shard this is, from 1 (2 and more: a rack before lost its claim)
 * @param event what happened
 */
public record ShardEvent(
        @Required String runKey,
        @Required String target,
        @Required String rackId,
        @Required int attempt,
        @Required RunEvent event) {

    public ShardEvent {
        Fields.required(runKey, "runKey");
        Fields.required(target, "target");
        Fields.required(rackId, "rackId");
        Fields.required(event, "event");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, got " + attempt);
        }
    }
}
