package dev.hive.monitor.rack;

import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reconciles the stored rack assignment with the hardware the backend detected at start, as the original
 * monitor did: the detected side wins, and each difference becomes one line for the log. A slot whose
 * occupant did not change keeps its stored flash outcome; a changed one takes the detected slot's (not
 * flashed yet). Pure: it reads and writes nothing.
 */
public final class AssignmentHealing {
    private AssignmentHealing() {}

    /** Heals {@code stored} against {@code detected}. */
    public static Healing heal(RackAssignment stored, RackAssignment detected) {
        List<String> changes = new ArrayList<>();
        healProbes(stored.probes(), detected.probes(), changes);
        List<TargetAssignment> targets = healTargets(stored.targets(), detected.targets(), changes);
        return new Healing(detected.probes(), targets, changes);
    }

    private static void healProbes(List<ProbeAssignment> stored, List<ProbeAssignment> detected, List<String> changes) {
        Map<Integer, ProbeAssignment> was = byKey(stored, ProbeAssignment::channel);
        Map<Integer, ProbeAssignment> is = byKey(detected, ProbeAssignment::channel);
        for (int channel : union(was.keySet(), is.keySet())) {
            ProbeAssignment before = was.get(channel);
            ProbeAssignment now = is.get(channel);
            String where = "channel " + channel + ": ";
            if (before == null) {
                changes.add(where + "probe " + now.describe() + " was not stored; added");
            } else if (now == null) {
                changes.add(where + "stored probe " + before.describe() + " is gone; channel now empty");
            } else if (!before.equals(now)) {
                changes.add(where + "probe " + now.describe() + " replaces stored " + before.describe());
            }
        }
    }

    private static List<TargetAssignment> healTargets(
            List<TargetAssignment> stored, List<TargetAssignment> detected, List<String> changes) {
        Map<SlotAddress, TargetAssignment> was = byKey(stored, TargetAssignment::address);
        Map<SlotAddress, TargetAssignment> is = byKey(detected, TargetAssignment::address);
        List<TargetAssignment> healed = new ArrayList<>();
        for (SlotAddress address : union(was.keySet(), is.keySet())) {
            TargetAssignment before = was.get(address);
            TargetAssignment now = is.get(address);
            String where = "stack " + address.stack() + " slot " + address.slot() + ": ";
            if (now == null) {
                changes.add(where + "stored " + before.describeOccupant() + " is gone; the slot no longer exists");
            } else if (before == null) {
                changes.add(where + now.describeOccupant() + " was not stored; added");
                healed.add(now);
            } else if (before.sameOccupant(now)) {
                healed.add(before);
            } else {
                if (now.state() == TargetState.NOT_CONNECTED) {
                    changes.add(where + "stored " + before.describeOccupant() + " is gone; slot now empty");
                } else if (before.state() == TargetState.NOT_CONNECTED) {
                    changes.add(where + now.describeOccupant() + " found where the stored slot was empty; added");
                } else {
                    changes.add(where + now.describeOccupant() + " replaces stored " + before.describeOccupant());
                }
                healed.add(now);
            }
        }
        return healed;
    }

    private static <K, V> Map<K, V> byKey(List<V> values, Function<V, K> key) {
        return values.stream().collect(Collectors.toMap(key, v -> v, (a, b) -> b, TreeMap::new));
    }

    private static <K> TreeSet<K> union(Set<K> a, Set<K> b) {
        TreeSet<K> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
