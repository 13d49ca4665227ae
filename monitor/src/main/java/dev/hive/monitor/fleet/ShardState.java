package dev.hive.monitor.fleet;

import dev.hive.monitor.task.RunState;
import java.util.Locale;

/** The life of a fleet run's shard, as the front keeps it. Stored in lower case. */
public enum ShardState {
    /** On the work queue, no rack has reported it yet. */
    QUEUED,
    /** A rack reported an attempt. */
    RUNNING,
    FINISHED,
    /** The rack ran it and reported it failed (an infrastructure error on the rack). */
    FAILED,
    /** Its racks were lost: no live rack could finish it (the run ends {@code failed}, "rack lost"). */
    LOST,
    CANCELLED,
    /** The front restarted and could not pick the run up again (docs/fleet.md, "the front restarts"). */
    INTERRUPTED;

    /** The stored spelling, e.g. {@code queued}. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ShardState fromDb(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** The state of a shard whose attempt ended as a run in {@code state} on its rack. */
    static ShardState of(RunState state) {
        return switch (state) {
            case FINISHED -> FINISHED;
            case CANCELLED -> CANCELLED;
            case INTERRUPTED -> INTERRUPTED;
            case QUEUED, RUNNING, FAILED -> FAILED;
        };
    }
}
