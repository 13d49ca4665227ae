package dev.hive.monitor.rack;

import dev.hive.rack.model.Rack;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.model.TargetState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A whole rack assignment: the probe of each channel that has one, and every slot of every stack, both sorted
 * by position.
 */
public record RackAssignment(List<ProbeAssignment> probes, List<TargetAssignment> targets) {

    public RackAssignment {
        probes = probes.stream()
                .sorted(Comparator.comparingInt(ProbeAssignment::channel))
                .toList();
        targets = targets.stream()
                .sorted(Comparator.comparing(TargetAssignment::address))
                .toList();
    }

    /** What a backend reports: its probes and slots, nothing flashed yet. */
    public static RackAssignment detectedIn(Rack rack) {
        List<ProbeAssignment> probes = new ArrayList<>();
        rack.channels().forEach(c -> c.probeInfo().ifPresent(p -> probes.add(ProbeAssignment.of(c.index(), p))));
        List<TargetAssignment> targets =
                rack.slots().map(RackAssignment::assignmentOf).toList();
        return new RackAssignment(probes, targets);
    }

    private static TargetAssignment assignmentOf(TargetSlot s) {
        int stack = s.address().stack();
        int slot = s.address().slot();
        if (s.state() == TargetState.KNOWN) {
            return TargetAssignment.known(stack, slot, s.target().name());
        }
        return s.state() == TargetState.UNKNOWN
                ? TargetAssignment.unknown(stack, slot)
                : TargetAssignment.notConnected(stack, slot);
    }
}
