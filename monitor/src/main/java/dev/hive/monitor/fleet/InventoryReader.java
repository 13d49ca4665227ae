package dev.hive.monitor.fleet;

import dev.hive.monitor.health.TargetHealth;
import dev.hive.monitor.rack.RackViews;
import dev.hive.monitor.task.RunQueue;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.rack.backend.RackBackend;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * This rack's inventory as it is now: the targets (with their health) and probes as {@code /api/v1/capabilities}
 * shows them, the
 * channel count, whether a run is on the rack and how many wait. It asks the rack backend, which may block:
 * call it on a worker thread.
 */
public final class InventoryReader {

    private final String rackId;
    private final String lab;
    private final String version;
    private final RackBackend rack;
    private final TargetHealth health;
    private final RunQueue queue;
    private final BooleanSupplier busy;
    private final Clock clock;

    public InventoryReader(
            String rackId,
            String lab,
            String version,
            RackBackend rack,
            TargetHealth health,
            RunQueue queue,
            BooleanSupplier busy,
            Clock clock) {
        this.rackId = rackId;
        this.lab = lab;
        this.version = version;
        this.rack = rack;
        this.health = health;
        this.queue = queue;
        this.busy = busy;
        this.clock = clock;
    }

    public String rackId() {
        return rackId;
    }

    public RackInventory read() {
        var view = RackViews.of(rack, health);
        return new RackInventory(
                rackId,
                lab,
                version,
                view.targets().stream()
                        .map(t -> new RackInventory.Target(t.name(), t.slot(), t.state(), t.health()))
                        .toList(),
                view.probes().stream()
                        .map(p -> new RackInventory.Probe(p.identifier(), p.serial(), p.state()))
                        .toList(),
                rack.rack().channels().size(),
                busy.getAsBoolean(),
                queue.size(),
                clock.instant());
    }
}
