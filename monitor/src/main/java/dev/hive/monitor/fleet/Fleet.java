package dev.hive.monitor.fleet;

import dev.hive.monitor.config.FleetConfig;
import dev.hive.monitor.config.FleetRole;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunRepository;
import dev.hive.monitor.task.TaskRunner;
import dev.hive.rack.backend.RackBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The fleet parts of one monitor, built by the composition root when {@code fleet.enabled} is true: the hub
 * link, and for a rack the inventory publisher and the {@link ShardSource}, for a front the
 * {@link ShardDispatcher} that takes the place of the task runner.
 */
public final class Fleet {

    /**
     * What the fleet needs of the monitor's runs.
     *
     * @param runnerJars where a run's runner JAR is stored
     * @param runnerDirectory the directory of the stored runner JARs ({@code <sha256>.jar})
     * @param observer what a front tells about its runs (the run sockets and the dashboard)
     * @param shards where a front keeps its runs' shards and their attempts
     * @param sightings where a front keeps the racks it saw live
     */
    public record Runs(
            RunRepository runs,
            ResultRepository results,
            LogRepository logs,
            Function<Run, Path> runnerJars,
            Path runnerDirectory,
            RunObserver observer,
            ShardRepository shards,
            RackSightings sightings) {}

    private final FleetLink link;
    private final InventoryPublisher publisher;
    private final ShardSource shards;
    private final ShardDispatcher front;
    private final FleetRoster roster;

    private Fleet(
            FleetLink link,
            InventoryPublisher publisher,
            ShardSource shards,
            ShardDispatcher front,
            FleetRoster roster) {
        this.roster = roster;
        this.link = link;
        this.publisher = publisher;
        this.shards = shards;
        this.front = front;
    }

    /**
     * The fleet parts, or empty when fleet mode is off. {@code taskRunner} is asked only once runs flow (it is
     * built after the observers).
     *
     * @throws IllegalStateException when the rack id defaults to a rack name that cannot be a bucket key
     */
    public static Optional<Fleet> of(
            FleetConfig config,
            RackBackend rack,
            TargetHealth health,
            String version,
            RunQueue queue,
            Supplier<TaskRunner> taskRunner,
            Runs runs,
            Clock clock) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        String rackId = config.rackId().orElse(rack.rack().name());
        if (!FleetConfig.RACK_ID.matcher(rackId).matches()) {
            throw new IllegalStateException("the rack's name '" + rackId + "' cannot be a fleet rack id (letters,"
                    + " digits, '-' and '_' only): set fleet.rackId (HIVE_FLEET_RACK_ID)");
        }
        var link = new FleetLink(config, rackId, clock);
        if (config.role() == FleetRole.FRONT) {
            var roster = new FleetRoster(link, FleetRole.FRONT, runs.shards(), runs.sightings(), clock);
            var front = new ShardDispatcher(
                    link,
                    rackId,
                    config.claimExpiry(),
                    config.inventoryTtl(),
                    config.resumeWithin(),
                    queue,
                    runs.runs(),
                    runs.results(),
                    runs.logs(),
                    runs.shards(),
                    runs.runnerJars(),
                    runs.observer(),
                    roster.board(),
                    clock);
            return Optional.of(new Fleet(link, null, null, front, roster));
        }
        var reader = new InventoryReader(
                rackId,
                config.lab(),
                version,
                rack,
                health,
                queue,
                () -> taskRunner.get().currentRun().isPresent(),
                clock);
        var publisher = new InventoryPublisher(link, reader, config.inventoryTtl());
        queue.onPositions(positions -> publisher.changed());
        var shards = new ShardSource(
                link,
                rackId,
                config.claimExpiry(),
                queue,
                runs.runs(),
                () -> taskRunner.get().currentRun().isPresent(),
                runId -> taskRunner.get().cancel(runId),
                () -> reader.read().targets().stream()
                        .map(dev.hive.protocol.fleet.RackInventory.Target::name)
                        .distinct()
                        .toList(),
                runs.runnerDirectory());
        return Optional.of(new Fleet(link, publisher, shards, null, new FleetRoster(link, FleetRole.RACK, clock)));
    }

    /** Dials the hub and starts the fleet's work; answers what stops it all (the hub link last). */
    public AutoCloseable start() {
        if (publisher != null) {
            publisher.start();
        }
        if (shards != null) {
            shards.start();
        }
        if (front != null) {
            front.start();
        }
        roster.start();
        link.start();
        return () -> {
            roster.close();
            if (front != null) {
                front.close();
            }
            if (shards != null) {
                shards.close();
            }
            if (publisher != null) {
                publisher.close();
            }
            link.close();
        };
    }

    /** Hears the runs, to publish their start and end at once and to report the fleet's shards. */
    public RunObserver observer() {
        if (publisher == null) {
            return RunObserver.NONE;
        }
        return RunObserver.all(publisher, shards);
    }

    /** The front's dispatcher, which executes the runs in place of the task runner; empty on a rack. */
    public Optional<ShardDispatcher> front() {
        return Optional.ofNullable(front);
    }

    /** The rack was reloaded or reassigned. */
    public void rackChanged() {
        if (publisher != null) {
            publisher.changed();
        }
    }

    /**
     * Replaces the hub connection with a new one, as the fleet does by itself when the hub stops answering
     * JetStream requests on a connection ({@link FleetLink#redial}).
     */
    public void reconnect(String why) {
        link.redial(why);
    }

    public FleetStatus status() {
        return link.status();
    }

    /** The fleet as users see it: role, hub connection and (on a front) the racks. */
    public FleetRoster roster() {
        return roster;
    }
}
