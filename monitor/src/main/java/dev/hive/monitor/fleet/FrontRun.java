package dev.hive.monitor.fleet;

import io.nats.client.JetStreamSubscription;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A run the front dispatched and that has not ended yet: its shards and what was taken of their events. */
final class FrontRun {
    final long runId;
    final String runKey;
    final Map<String, ShardProgress> shards = new LinkedHashMap<>();
    JetStreamSubscription events;
    boolean cancelled;
    boolean over;
    /** The highest events-stream number of the run's events taken so far (in memory: 0 after a restart). */
    long lastEvent;
    /** The cells' results taken so far: a later attempt does not report one twice. */
    final Set<String> seen = new HashSet<>();

    FrontRun(long runId, String runKey) {
        this.runId = runId;
        this.runKey = runKey;
    }

    /** The numbers the front knows of the run on the hub, to tell a replaced hub; called holding this run's monitor. */
    HubReplacement.Known known() {
        long published = 0;
        long event = lastEvent;
        for (ShardProgress s : shards.values()) {
            published = Math.max(published, s.sequence);
            event = Math.max(event, s.loggedThrough);
        }
        return new HubReplacement.Known(published, event);
    }

    /**
     * Marks the run over when every shard has ended; called holding this run's monitor.
     *
     * @return true the one time the run became over (its caller then finishes it)
     */
    boolean overWhenAllEnded() {
        if (!over && shards.values().stream().allMatch(s -> s.end != null)) {
            over = true;
            return true;
        }
        return false;
    }
}
