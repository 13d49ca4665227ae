package dev.hive.monitor.fleet;

import dev.hive.monitor.task.RunRefusedException;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A run pinned to one rack ({@code rack} in its options): every shard goes on that rack's own part of the work
 * queue, which only that rack pulls (docs/fleet.md). It is refused at once when the rack is not live or lacks one
 * of the run's targets, and its shards are the targets of that rack alone.
 */
final class PinnedRun {

    private PinnedRun() {}

    /**
     * Refuses a pinned run the rack cannot serve: the rack is not live, or it offers none of, or not all of, the
     * targets the run names.
     *
     * @throws RunRefusedException 422 naming the rack and the missing targets
     */
    static void admit(RunOptions options, List<RackInventory> live) {
        String rack = options.rack();
        Optional<RackInventory> found =
                live.stream().filter(r -> r.rackId().equals(rack)).findFirst();
        if (found.isEmpty()) {
            String racks = live.stream().map(RackInventory::rackId).sorted().collect(Collectors.joining(", "));
            throw new RunRefusedException(
                    422,
                    "the run is pinned to rack " + rack + ", which is not a live rack of the fleet (live racks: "
                            + (racks.isEmpty() ? "none" : racks) + ")",
                    List.of());
        }
        TreeSet<String> offered = new TreeSet<>();
        found.get().targets().forEach(t -> offered.add(t.name()));
        Filter wanted = options.targets();
        if (wanted != null && wanted.mode() == Filter.Mode.INCLUDE) {
            List<String> missing = wanted.patterns().stream()
                    .filter(p -> offered.stream().noneMatch(t -> Filter.matchesPattern(p, t)))
                    .toList();
            if (!missing.isEmpty()) {
                throw new RunRefusedException(
                        422,
                        "rack " + rack + " does not offer " + String.join(", ", missing) + " (it offers: "
                                + (offered.isEmpty() ? "nothing" : String.join(", ", offered)) + ")",
                        missing);
            }
        }
        if (targets(rack, wanted, live).isEmpty()) {
            throw new RunRefusedException(
                    422,
                    "rack " + rack + " offers no target this run admits (it offers: "
                            + (offered.isEmpty() ? "nothing" : String.join(", ", offered)) + ")",
                    List.of());
        }
    }

    /** The targets of the pinned rack that {@code wanted} admits (all when null); none when it is not live. */
    static List<String> targets(String rack, Filter wanted, List<RackInventory> live) {
        return RunAdmission.targetsOf(
                wanted, live.stream().filter(r -> r.rackId().equals(rack)).toList());
    }
}
