package dev.hive.protocol.rack;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;
import java.util.List;
import java.util.Optional;

/**
 * The rack as the monitor describes it to the runner in {@code welcome}: what the runner may use, and what
 * it checks against the probes it can see itself.
 *
 * @param name the rack's name
 * @param capabilities what the rack offers beyond probes and targets, e.g. {@code virtual}, {@code uart}
 * @param channels the testchannels, with or without a probe
 * @param stacks the stacks and their slots
 */
public record RackDescription(
        @Required String name,
        @Required List<String> capabilities,
        @Required List<ChannelDescription> channels,
        @Required List<StackDescription> stacks) {

    public RackDescription {
        Fields.required(name, "name");
        capabilities = Fields.list(capabilities, "capabilities");
        channels = Fields.list(channels, "channels");
        stacks = Fields.list(stacks, "stacks");
    }

    /** Whether the rack lists {@code capability}. */
    public boolean hasCapability(String capability) {
        return capabilities.contains(capability);
    }

    /** The channel numbered {@code index}. */
    public Optional<ChannelDescription> channel(int index) {
        return channels.stream().filter(c -> c.index() == index).findFirst();
    }

    /** The stack numbered {@code index}. */
    public Optional<StackDescription> stack(int index) {
        return stacks.stream().filter(s -> s.index() == index).findFirst();
    }
}
