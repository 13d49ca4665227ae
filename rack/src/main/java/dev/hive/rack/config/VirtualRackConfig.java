package dev.hive.rack.config;

import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.model.SlotAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rack of QEMU boards.
 *
 * @param name the rack's name
 * @param channels how many testchannels (virtual probes) the rack has
 * @param stacks the stacks, each a list of slots; an empty slot is an empty {@link Optional}
 * @param runDirectory the parent of the per-start directory that holds sockets and logs; null for the system temp directory
 * @param icountShift QEMU's {@code -icount shift=N,align=on} throttle, null for none
 */
public record VirtualRackConfig(
        String name, int channels, List<StackConfig> stacks, Path runDirectory, Integer icountShift)
        implements RackConfig {

    public VirtualRackConfig {
        stacks = List.copyOf(stacks);
    }

    /**
     * The same rack with {@code target} in {@code slot} (empty: the slot is empty).
     *
     * @throws IllegalArgumentException when the slot does not exist or the target is not an emulated board
     */
    public VirtualRackConfig withSlot(SlotAddress slot, Optional<CatalogTarget> target) {
        if (slot.stack() < 0
                || slot.stack() >= stacks.size()
                || slot.slot() < 0
                || slot.slot() >= stacks.get(slot.stack()).slots().size()) {
            throw new IllegalArgumentException("rack " + name + " has no slot " + slot);
        }
        target.ifPresent(t -> {
            if (t.emulation() == null) {
                throw new IllegalArgumentException(
                        t.name() + " is a physical chip; a slot of a virtual rack needs an emulated board");
            }
        });
        var changed = new ArrayList<>(stacks);
        StackConfig stack = stacks.get(slot.stack());
        var slots = new ArrayList<>(stack.slots());
        slots.set(slot.slot(), target);
        changed.set(slot.stack(), new StackConfig(stack.name(), slots));
        return new VirtualRackConfig(name, channels, changed, runDirectory, icountShift);
    }

    /** One stack: a name and its slots in position order. */
    public record StackConfig(String name, List<Optional<CatalogTarget>> slots) {
        public StackConfig {
            slots = List.copyOf(slots);
        }
    }
}
