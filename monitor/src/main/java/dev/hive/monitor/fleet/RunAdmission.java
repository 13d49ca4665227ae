package dev.hive.monitor.fleet;

import dev.hive.monitor.task.RunRefusedException;
import dev.hive.protocol.fleet.RackInventory;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import io.nats.client.Connection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether the fleet can run what a user submits to the front, asked before the run is queued: a run is refused at
 * once, naming what is missing, when no live rack offers the targets it names (or the rack it is pinned to), rather
 * than queued for shards no rack would ever claim. The live racks are read from the hub's inventory bucket.
 */
final class RunAdmission {

    private final FleetLink link;
    private final FleetBoard board;

    RunAdmission(FleetLink link, FleetBoard board) {
        this.link = link;
        this.board = board;
    }

    /**
     * Refuses a run whose targets no live rack offers, naming them; one without a target filter needs some
     * live rack with some target.
     *
     * @throws RunRefusedException 422 naming the missing targets, 503 when the hub cannot be asked
     */
    void admit(RunOptions options) {
        List<RackInventory> live = liveRacks();
        if (options.rack() != null) {
            PinnedRun.admit(options, live);
            return;
        }
        TreeSet<String> offered = new TreeSet<>();
        live.forEach(r -> r.targets().forEach(t -> offered.add(t.name())));
        if (options.targets() != null && options.targets().mode() == Filter.Mode.INCLUDE) {
            List<String> missing = options.targets().patterns().stream()
                    .filter(p -> offered.stream().noneMatch(t -> Filter.matchesPattern(p, t)))
                    .toList();
            if (!missing.isEmpty()) {
                throw new RunRefusedException(
                        422,
                        "no live rack of the fleet offers " + String.join(", ", missing) + " (live racks offer: "
                                + (offered.isEmpty() ? "nothing" : String.join(", ", offered)) + ")",
                        missing);
            }
        }
        if (targetsOf(options.targets(), live).isEmpty()) {
            throw new RunRefusedException(
                    422,
                    "no live rack of the fleet offers a target this run admits (live racks offer: "
                            + (offered.isEmpty() ? "nothing" : String.join(", ", offered)) + ")",
                    List.of());
        }
    }

    private List<RackInventory> liveRacks() {
        Connection c = link.connection()
                .orElseThrow(() -> new RunRefusedException(
                        503,
                        "the fleet's hub is not reachable now (" + link.status().state() + "); try again",
                        List.of()));
        try {
            return board.live(c);
        } catch (Exception e) {
            link.redialIfTimedOut(e, "reading the racks");
            throw new RunRefusedException(
                    503, "cannot read the fleet's racks from the hub: " + e.getMessage(), List.of());
        }
    }

    /** The live racks' targets that {@code wanted} admits (all when null), each once, sorted. */
    static List<String> targetsOf(Filter wanted, List<RackInventory> live) {
        return live.stream()
                .flatMap(r -> r.targets().stream())
                .map(RackInventory.Target::name)
                .filter(name -> wanted == null || wanted.admits(name))
                .collect(Collectors.toCollection(TreeSet::new))
                .stream()
                .toList();
    }
}
