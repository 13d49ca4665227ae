package dev.hive.monitor.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One shard of a fleet run as the front keeps it: its target, the rack it is pinned to (none: pinning is not
 * built yet), its state and every attempt a rack made at it, oldest first.
 */
public record FleetShard(
        String target, Optional<String> pinnedRack, ShardState state, Optional<String> error, List<Attempt> attempts) {

    /**
     * One rack's attempt at the shard.
     *
     * @param endedAt absent while it runs
     * @param outcome how it ended (a {@link ShardState}: finished, failed, lost, cancelled, interrupted); absent
     *     while it runs
     */
    public record Attempt(
            int attempt, String rack, Instant startedAt, Optional<Instant> endedAt, Optional<ShardState> outcome) {}
}
