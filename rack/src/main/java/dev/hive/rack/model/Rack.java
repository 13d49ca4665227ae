package dev.hive.rack.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The whole rack: its testchannels and its stacks.
 *
 * @param name the rack's name from its configuration
 * @param channels the testchannels, in index order
 * @param stacks the stacks, in index order
 */
public record Rack(String name, List<Testchannel> channels, List<Stack> stacks) {

    public Rack {
        Objects.requireNonNull(name, "name");
        channels = List.copyOf(channels);
        stacks = List.copyOf(stacks);
    }

    /** Every slot of every stack, in address order. */
    public Stream<TargetSlot> slots() {
        return stacks.stream().flatMap(s -> s.slots().stream());
    }

    /** The slots that hold a known target. */
    public List<TargetSlot> knownSlots() {
        return slots().filter(s -> s.state() == TargetState.KNOWN).toList();
    }

    public Optional<TargetSlot> slot(SlotAddress address) {
        return slots().filter(s -> s.address().equals(address)).findFirst();
    }
}
