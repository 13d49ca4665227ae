package dev.hive.monitor.rack;

import dev.hive.monitor.web.RackView;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.TargetState;
import java.util.ArrayList;
import java.util.List;

/** What {@code GET /api/v1/capabilities} shows of a running backend. */
public final class RackViews {

    private RackViews() {}

    /** {@link #of(RackBackend)} with each known target's health (docs/health.md). */
    public static RackView of(RackBackend backend, dev.hive.monitor.health.TargetHealth health) {
        RackView view = of(backend);
        List<RackView.Target> targets = new ArrayList<>();
        for (RackView.Target t : view.targets()) {
            String[] address = t.slot().split("/");
            var slot = new dev.hive.rack.model.SlotAddress(Integer.parseInt(address[0]), Integer.parseInt(address[1]));
            targets.add(health.status(slot)
                    .map(s -> t.withHealth(s.health().name()))
                    .orElse(t));
        }
        return new RackView(view.probes(), targets);
    }

    /** The probes per channel and the targets per slot, as the backend sees them now. */
    public static RackView of(RackBackend backend) {
        Rack rack = backend.rack();
        List<RackView.Probe> probes = new ArrayList<>();
        for (var channel : rack.channels()) {
            probes.add(channel.probeInfo()
                    .map(p -> new RackView.Probe(p.identifier(), p.serial(), "ready"))
                    .orElseGet(() -> new RackView.Probe("channel " + channel.index(), "", "missing")));
        }
        List<RackView.Target> targets = new ArrayList<>();
        rack.slots()
                .filter(s -> s.state() != TargetState.NOT_CONNECTED)
                .forEach(slot -> targets.add(target(backend, slot)));
        return new RackView(probes, targets);
    }

    private static RackView.Target target(RackBackend backend, TargetSlot slot) {
        String where = slot.address().toString();
        if (slot.state() == TargetState.UNKNOWN) {
            return new RackView.Target("unknown", where, "unknown target");
        }
        String name = slot.knownTarget().orElseThrow().name();
        TargetHealth health = backend.health(slot.address());
        if (health != TargetHealth.READY) {
            return new RackView.Target(name, where, health == TargetHealth.LOST ? "lost" : "powered off");
        }
        FlashStatus flash = backend.flashStatus(slot.address());
        String state =
                switch (flash.outcome()) {
                    case OK -> "flashed";
                    case NOT_FLASHED -> "not flashed";
                    case ERROR -> "flash failed: " + flash.message();
                };
        return new RackView.Target(name, where, state);
    }
}
