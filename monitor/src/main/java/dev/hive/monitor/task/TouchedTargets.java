package dev.hive.monitor.task;

import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.testprogram.TestprogramBuild;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rack as one run's runner reaches it (through its {@link dev.hive.monitor.ipc.RunnerLink}), noting every
 * target the run connected a probe to, reset or powered. After the run only those need the testprogram again:
 * on a virtual rack the runner reaches a board only through the bus switch (its sandbox holds the channels'
 * sockets and nothing else of the rack), so a board it never connected, reset or powered is as it was flashed.
 * {@link #restoring()} is the rack to flash after the run: on a virtual rack only the touched targets and any
 * target not {@code READY} or not flashed OK; on any other rack (a probe on USB may be opened directly) every
 * target, as before. A fleet rack holding 6 boards thus reflashes one board after a one-target shard, not 6.
 */
final class TouchedTargets extends DelegatingRack {

    private final Set<SlotAddress> touched = ConcurrentHashMap.newKeySet();

    TouchedTargets(RackBackend rack) {
        super(rack);
    }

    /** The rack whose {@code flash} calls flash what the run may have changed, see the class comment. */
    RackBackend restoring() {
        if (!"virtual".equals(rack.kind())) {
            return rack;
        }
        return new Restoring();
    }

    private boolean needsFlash(SlotAddress slot) {
        return touched.contains(slot)
                || rack.health(slot) != TargetHealth.READY
                || !rack.flashStatus(slot).isOk();
    }

    /** The rack, with {@code flash} narrowed to the targets that need it. */
    private final class Restoring extends DelegatingRack {
        Restoring() {
            super(TouchedTargets.this.rack);
        }

        @Override
        public Map<SlotAddress, FlashStatus> flash(Map<SlotAddress, Path> images) {
            var needed = new LinkedHashMap<SlotAddress, Path>();
            images.forEach((slot, image) -> {
                if (needsFlash(slot)) {
                    needed.put(slot, image);
                }
            });
            return needed.isEmpty() ? Map.of() : rack.flash(needed); // nothing to flash: no flash at all
        }

        @Override
        public Map<SlotAddress, FlashStatus> flash(TestprogramBuild build) {
            var images = new LinkedHashMap<SlotAddress, Path>();
            var results = new LinkedHashMap<SlotAddress, FlashStatus>();
            for (TargetSlot slot : rack.rack().knownSlots()) {
                if (!needsFlash(slot.address())) {
                    continue;
                }
                var image = build.imageFor(rack.catalogTarget(slot.address()));
                if (image.isPresent() && image.get().ok()) {
                    images.put(slot.address(), image.get().elf());
                } else {
                    results.put(
                            slot.address(),
                            FlashStatus.error(
                                    "testprogram " + build.testprogram() + " has no image for "
                                            + slot.target().name(),
                                    image.map(i -> i.output()).orElse("")));
                }
            }
            if (!images.isEmpty()) {
                results.putAll(rack.flash(images));
            }
            return results;
        }
    }

    @Override
    public void connect(int channel, SlotAddress slot) {
        touched.add(slot);
        rack.connect(channel, slot);
    }

    @Override
    public void reset(SlotAddress slot) {
        touched.add(slot);
        rack.reset(slot);
    }

    @Override
    public void power(SlotAddress slot, boolean on) {
        touched.add(slot);
        rack.power(slot, on);
    }
}
