package dev.hive.runner.api;

import java.util.Objects;
import java.util.Set;

/**
 * Everything a hive test receives about where it runs, in one value; inject it as a parameter when a test
 * needs more than one part.
 *
 * @param probe the probe of the current testchannel
 * @param target the target the channel is connected to
 * @param channel the testchannel's I/O
 * @param capabilities what the rack offers beyond probes and targets, e.g. {@code virtual}, {@code uart}
 */
public record HiveContext(ProbeInfo probe, TargetInfo target, TestChannel channel, Set<String> capabilities) {

    public HiveContext {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(channel, "channel");
        capabilities = Set.copyOf(capabilities);
    }

    /** Whether the rack lists {@code capability}. */
    public boolean hasCapability(String capability) {
        return capabilities.contains(capability);
    }
}
