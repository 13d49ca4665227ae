package dev.hive.monitor.web.graphql;

import dev.hive.monitor.fleet.FleetRoster;
import dev.hive.monitor.fleet.FleetShard;
import dev.hive.monitor.fleet.FleetStatus;
import dev.hive.monitor.fleet.ShardState;
import dev.hive.monitor.web.Executors;
import dev.hive.protocol.fleet.RackInventory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code fleet}: this monitor's role and hub connection and, on a front, the fleet's racks; {@code Run.shards}: where a
 * fleet run's shards ran (docs/fleet.md).
 */
final class FleetFetchers {

    record FleetNode(String role, HubNode hub, List<FleetRackNode> racks, Instant racksReadAt, String racksError) {
        static FleetNode of(FleetRoster.Overview o) {
            return new FleetNode(
                    o.role().name(),
                    HubNode.of(o.hub()),
                    o.racks().stream().map(FleetRackNode::of).toList(),
                    o.racksReadAt().orElse(null),
                    o.racksError().orElse(null));
        }
    }

    record HubNode(String rackId, String state, Instant since, String server, String reason) {
        static HubNode of(FleetStatus s) {
            return new HubNode(
                    s.rackId(),
                    s.state().name(),
                    s.since(),
                    s.server().orElse(null),
                    s.lastError().orElse(null));
        }
    }

    record FleetRackNode(
            String id,
            String lab,
            String version,
            boolean live,
            boolean busy,
            int queueLength,
            Instant lastSeen,
            int channels,
            List<RackInventory.Target> targets) {
        static FleetRackNode of(FleetRoster.Rack r) {
            RackInventory i = r.inventory();
            return new FleetRackNode(
                    i.rackId(),
                    i.lab(),
                    i.monitorVersion(),
                    r.live(),
                    i.busy(),
                    i.queueLength(),
                    i.publishedAt(),
                    i.channels(),
                    i.targets());
        }
    }

    record ShardNode(
            String target, String pinnedRack, ShardState state, String error, List<ShardAttemptNode> attempts) {
        static ShardNode of(FleetShard s) {
            return new ShardNode(
                    s.target(),
                    s.pinnedRack().orElse(null),
                    s.state(),
                    s.error().orElse(null),
                    s.attempts().stream().map(ShardAttemptNode::of).toList());
        }
    }

    record ShardAttemptNode(int attempt, String rack, Instant startedAt, Instant endedAt, ShardState outcome) {
        static ShardAttemptNode of(FleetShard.Attempt a) {
            return new ShardAttemptNode(
                    a.attempt(),
                    a.rack(),
                    a.startedAt(),
                    a.endedAt().orElse(null),
                    a.outcome().orElse(null));
        }
    }

    private final Supplier<Optional<FleetRoster>> fleet;
    private final Executors executors;

    FleetFetchers(Supplier<Optional<FleetRoster>> fleet, Executors executors) {
        this.fleet = fleet;
        this.executors = executors;
    }

    void register(Wiring w) {
        w.node("Fleet", FleetNode.class)
                .node("HubConnection", HubNode.class)
                .node("FleetRack", FleetRackNode.class)
                .node("FleetTarget", RackInventory.Target.class)
                .node("Shard", ShardNode.class)
                .node("ShardAttempt", ShardAttemptNode.class);
        w.field("Run", "shards", Guard.USER, env -> {
            long id = Long.parseLong(env.<RunFetchers.RunNode>getSource().id());
            Optional<FleetRoster> roster = fleet.get();
            if (roster.isEmpty()) {
                return CompletableFuture.completedFuture(List.of());
            }
            return Async.of(executors.read(
                    () -> roster.get().shards(id).stream().map(ShardNode::of).toList()));
        });
        w.query("fleet", Guard.USER, env -> {
            Optional<FleetRoster> roster = fleet.get();
            if (roster.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            // reading the racks asks the hub: on a worker
            return Async.of(executors.file(() -> FleetNode.of(roster.get().overview())));
        });
    }
}
