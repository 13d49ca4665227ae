package dev.hive.monitor.rack;

import java.util.List;

/**
 * The outcome of {@link AssignmentHealing#heal}: the assignment to store, and one line for the log per
 * difference between what was stored and what was detected (empty when they agreed).
 */
public record Healing(List<ProbeAssignment> probes, List<TargetAssignment> targets, List<String> changes) {

    public Healing {
        probes = List.copyOf(probes);
        targets = List.copyOf(targets);
        changes = List.copyOf(changes);
    }

    /** Whether the stored assignment differed from the hardware. */
    public boolean changed() {
        return !changes.isEmpty();
    }
}
