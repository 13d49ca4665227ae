package dev.hive.monitor.task;

import dev.hive.rack.backend.ProbeRoute;
import dev.hive.rack.backend.ProbeTakeover;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.backend.RackListener;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.testprogram.TestprogramBuild;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A rack that passes every call on to another; {@link #close} does nothing (the rack outlives a run). */
abstract class DelegatingRack implements RackBackend {

    final RackBackend rack;

    DelegatingRack(RackBackend rack) {
        this.rack = rack;
    }

    @Override
    public Rack rack() {
        return rack.rack();
    }

    @Override
    public String kind() {
        return rack.kind();
    }

    @Override
    public Map<SlotAddress, FlashStatus> flash(Map<SlotAddress, Path> images) {
        return rack.flash(images);
    }

    @Override
    public Map<SlotAddress, FlashStatus> flash(TestprogramBuild build) {
        return rack.flash(build);
    }

    @Override
    public CatalogTarget catalogTarget(SlotAddress slot) {
        return rack.catalogTarget(slot);
    }

    @Override
    public FlashStatus flashStatus(SlotAddress slot) {
        return rack.flashStatus(slot);
    }

    @Override
    public TargetHealth health(SlotAddress slot) {
        return rack.health(slot);
    }

    @Override
    public Optional<ProbeRoute> takeProbe(int channel, ProbeTakeover takeover) {
        return rack.takeProbe(channel, takeover);
    }

    @Override
    public void disconnect(int channel) {
        rack.disconnect(channel);
    }

    @Override
    public Optional<SlotAddress> connection(int channel) {
        return rack.connection(channel);
    }

    @Override
    public void addListener(RackListener listener) {
        rack.addListener(listener);
    }

    @Override
    public void connect(int channel, SlotAddress slot) {
        rack.connect(channel, slot);
    }

    @Override
    public void reset(SlotAddress slot) {
        rack.reset(slot);
    }

    @Override
    public void power(SlotAddress slot, boolean on) {
        rack.power(slot, on);
    }

    /** Not a run's to close: the rack outlives it. */
    @Override
    public void close() {}
}
