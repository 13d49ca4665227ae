package dev.hive.runner.schedule;

import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.SlotDescription;
import dev.hive.protocol.rack.StackDescription;
import dev.hive.protocol.rack.TargetDescription;
import dev.hive.protocol.run.RunOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a run uses of the rack after the user's filters: the channels whose probe passes the probe filter
 * (each gets a thread), and per stack the targets that pass the target filter (each channel visits them all).
 * Targets and probes the filters leave out produce no results at all; that is what a filter is for.
 *
 * @param channels the channels to run on, in index order
 * @param stacks the stacks with at least one target to visit, in index order
 */
public record RackPlan(List<ChannelDescription> channels, List<StackPlan> stacks) {

    /** One target to visit: its place and its description. */
    public record Visit(int stack, int slot, TargetDescription target) {
        @Override
        public String toString() {
            return target.name() + " (stack " + stack + ", slot " + slot + ")";
        }
    }

    /** The targets of one stack to visit, in slot order. */
    public record StackPlan(int index, String name, List<Visit> visits) {
        public StackPlan {
            visits = List.copyOf(visits);
        }
    }

    public RackPlan {
        channels = List.copyOf(channels);
        stacks = List.copyOf(stacks);
    }

    /** Applies {@code options}' probe and target filters to {@code rack}. */
    public static RackPlan of(RackDescription rack, RunOptions options) {
        List<ChannelDescription> channels = rack.channels().stream()
                .filter(c -> c.probe() != null)
                .filter(c ->
                        options.admitsProbe(c.probe().identifier(), c.probe().serial()))
                .sorted(Comparator.comparingInt(ChannelDescription::index))
                .toList();
        var stacks = new ArrayList<StackPlan>();
        for (StackDescription stack : rack.stacks().stream()
                .sorted(Comparator.comparingInt(StackDescription::index))
                .toList()) {
            List<Visit> visits = stack.slots().stream()
                    .filter(s -> s.target() != null
                            && options.admitsTarget(s.target().name()))
                    .sorted(Comparator.comparingInt(SlotDescription::slot))
                    .map(s -> new Visit(stack.index(), s.slot(), s.target()))
                    .toList();
            if (!visits.isEmpty()) {
                stacks.add(new StackPlan(stack.index(), stack.name(), visits));
            }
        }
        return new RackPlan(channels, stacks);
    }

    /** Every target to visit, stack by stack. */
    public List<Visit> visits() {
        return stacks.stream().flatMap(s -> s.visits().stream()).toList();
    }

    /** How many channel × target cells the run has. */
    public int cells() {
        return channels.size() * visits().size();
    }
}
