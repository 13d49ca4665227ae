package dev.hive.monitor.fleet;

import dev.hive.monitor.config.FleetConfig;
import dev.hive.monitor.task.RunObserver;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.TaskRunner;
import dev.hive.rack.backend.RackBackend;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The fleet parts of one monitor, built by the composition root when {@code fleet.enabled} is true: the hub
 * link and the inventory publisher, wired to the queue and the task runner's observers.
 */
public final class Fleet {

    private final FleetLink link;
    private final InventoryPublisher publisher;

    private Fleet(FleetLink link, InventoryPublisher publisher) {
        this.link = link;
        this.publisher = publisher;
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
            String version,
            RunQueue queue,
            Supplier<TaskRunner> taskRunner,
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
        var reader = new InventoryReader(
                rackId,
                config.lab(),
                version,
                rack,
                queue,
                () -> taskRunner.get().currentRun().isPresent(),
                clock);
        var publisher = new InventoryPublisher(link, reader, config.inventoryTtl());
        queue.onPositions(positions -> publisher.changed());
        return Optional.of(new Fleet(link, publisher));
    }

    /** Dials the hub and starts publishing; answers what stops both (the publisher first). */
    public AutoCloseable start() {
        publisher.start();
        link.start();
        return () -> {
            publisher.close();
            link.close();
        };
    }

    /** Hears the runs, to publish their start and end at once. */
    public RunObserver observer() {
        return publisher;
    }

    /** The rack was reloaded or reassigned. */
    public void rackChanged() {
        publisher.changed();
    }

    public FleetStatus status() {
        return link.status();
    }
}
