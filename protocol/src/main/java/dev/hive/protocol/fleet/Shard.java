package dev.hive.protocol.fleet;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * One piece of work on the fleet's work queue: every test of a run on every cell of one target, on the one rack
 * that claims it.
 *
 * @param runKey the run across the fleet: the front's id and its run id, e.g. {@code front-42}; the events
 *     subject and the cancel subject are named by it
 * @param target the target's catalog name; the shard runs on all of the claiming rack's cells with that target
 * @param runnerSha256 the runner JAR's SHA-256 (lower-case hex), its key in the {@code hive-runners} object store
 * @param optionsJson the run's options (a {@code RunOptions} object) with the targets narrowed to {@code target}
 */
public record Shard(
        @Required String runKey, @Required String target, @Required String runnerSha256, @Required String optionsJson) {

    public Shard {
        Fields.required(runKey, "runKey");
        Fields.required(target, "target");
        Fields.required(runnerSha256, "runnerSha256");
        Fields.required(optionsJson, "optionsJson");
        if (!runnerSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("runnerSha256 must be 64 lower-case hex digits");
        }
    }

    /** The shard's message id on the work queue: a second publication of it is dropped by the hub. */
    public String messageId() {
        return runKey + "/" + target;
    }
}
