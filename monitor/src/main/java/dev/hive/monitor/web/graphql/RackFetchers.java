package dev.hive.monitor.web.graphql;

import dev.hive.monitor.rack.AssignedRack;
import dev.hive.monitor.rack.ProbeAssignment;
import dev.hive.monitor.rack.TargetAssignment;
import dev.hive.monitor.task.RackInUseException;
import dev.hive.monitor.web.Executors;
import dev.hive.monitor.web.graphql.RackNodes.CatalogTargetNode;
import dev.hive.monitor.web.graphql.RackNodes.ChannelNode;
import dev.hive.monitor.web.graphql.RackNodes.ProbeNode;
import dev.hive.monitor.web.graphql.RackNodes.RackNode;
import dev.hive.monitor.web.graphql.RackNodes.SlotNode;
import dev.hive.rack.backend.RackException;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.ProbeKind;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetSlot;
import graphql.schema.DataFetchingEnvironment;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The rack: reading it, the catalog, assigning probes and targets, and flashing it again. */
final class RackFetchers {

    static final int SEARCH_LIMIT = 30;

    private final GraphQLDependencies deps;
    private final Executors executors;
    private final RackNodes nodes;

    RackFetchers(GraphQLDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
        this.nodes = new RackNodes(deps.rack(), deps.catalog());
    }

    void register(Wiring w) {
        w.node("Rack", RackNode.class)
                .node("Channel", ChannelNode.class)
                .node("Stack", RackNodes.StackNode.class)
                .node("Slot", SlotNode.class)
                .node("Probe", ProbeNode.class)
                .node("CatalogTarget", CatalogTargetNode.class);
        w.query("rack", Guard.USER, env -> load());
        w.query("slot", Guard.USER, this::slot);
        w.query(
                "connectedProbes",
                Guard.USER,
                env -> Async.of(executors.file(() -> deps.rack().rack().channels().stream()
                        .flatMap(c -> c.probeInfo().stream())
                        .map(ProbeNode::of)
                        .toList())));
        w.query("searchTargets", Guard.USER, this::searchTargets);
        w.mutation("assignProbe", Guard.USER, this::assignProbe);
        w.mutation("assignTarget", Guard.USER, this::assignTarget);
        w.mutation("reinitializeRack", Guard.USER, this::reinitialize);
    }

    /** The rack as it is now (on the file workers: the backend may take time). */
    CompletableFuture<RackNode> load() {
        return Async.of(executors.file(() -> nodes.rack(deps.assignments().load())));
    }

    /** One slot of the rack, or null when it has no such slot (a target's page). */
    private CompletableFuture<SlotNode> slot(DataFetchingEnvironment env) {
        int stack = env.getArgument("stack");
        int slot = env.getArgument("slot");
        return load().thenApply(rack -> rack.stacks().stream()
                .filter(s -> s.index() == stack)
                .flatMap(s -> s.slots().stream())
                .filter(s -> s.slot() == slot)
                .findFirst()
                .orElse(null));
    }

    private List<CatalogTargetNode> searchTargets(DataFetchingEnvironment env) {
        String needle = ((String) env.getArgument("search")).strip().toLowerCase(Locale.ROOT);
        return deps.catalog().all().stream()
                .filter(t -> t.name().toLowerCase(Locale.ROOT).contains(needle))
                .limit(SEARCH_LIMIT)
                .map(CatalogTargetNode::of)
                .toList();
    }

    private CompletableFuture<ChannelNode> assignProbe(DataFetchingEnvironment env) {
        int channel = env.getArgument("channel");
        Map<String, Object> input = env.getArgument("probe");
        return Async.of(executors.file(() -> {
            Rack rack = deps.rack().rack();
            if (channel < 0 || channel >= rack.channels().size()) {
                throw GraphQLRefusal.badInput("channel " + channel + " does not exist; this rack has channels 0 to "
                        + (rack.channels().size() - 1));
            }
            Optional<ProbeAssignment> probe =
                    input == null ? Optional.empty() : Optional.of(probe(channel, input, rack));
            deps.assignments().setProbe(channel, probe);
            deps.events().rackChanged();
            return nodes.channel(
                    rack.channels().get(channel), deps.assignments().load());
        }));
    }

    private ProbeAssignment probe(int channel, Map<String, Object> input, Rack rack) {
        String kindName = String.valueOf(input.get("kind")).strip().toUpperCase(Locale.ROOT);
        ProbeKind kind = Arrays.stream(ProbeKind.values())
                .filter(k -> k.name().equals(kindName))
                .findFirst()
                .orElseThrow(() -> GraphQLRefusal.badInput("unknown probe kind '" + input.get("kind") + "'; one of "
                        + Arrays.toString(ProbeKind.values())));
        String identifier = String.valueOf(input.get("identifier")).strip();
        String serial = String.valueOf(input.get("serial")).strip();
        if (identifier.isEmpty()) {
            throw GraphQLRefusal.badInput("a probe needs an identifier");
        }
        for (ProbeAssignment other : deps.assignments().probes()) {
            if (other.channel() != channel
                    && other.identifier().equals(identifier)
                    && other.serial().equals(serial)) {
                throw new GraphQLRefusal(
                        GraphQLRefusal.Code.CONFLICT,
                        "probe " + other.describe() + " is already assigned to channel " + other.channel());
            }
        }
        // USB ids come from the detected probe with the same identifier *and* serial, when there is one
        Optional<ProbeInfo> seen = rack.channels().stream()
                .flatMap(c -> c.probeInfo().stream())
                .filter(p -> p.identifier().equals(identifier) && p.serial().equals(serial))
                .findFirst();
        return new ProbeAssignment(
                channel,
                kind,
                identifier,
                serial,
                seen.map(ProbeInfo::vendorId).orElse(0),
                seen.map(ProbeInfo::productId).orElse(0));
    }

    private CompletableFuture<SlotNode> assignTarget(DataFetchingEnvironment env) {
        int stack = env.getArgument("stack");
        int slot = env.getArgument("slot");
        String name = env.getArgument("target");
        return Async.of(executors.file(() -> {
            Rack rack = deps.rack().rack();
            TargetSlot live = (stack < 0 || slot < 0
                            ? Optional.<TargetSlot>empty()
                            : rack.slot(new SlotAddress(stack, slot)))
                    .orElseThrow(() -> GraphQLRefusal.badInput(
                            "stack " + stack + " slot " + slot + " does not exist; " + shape(rack)));
            TargetAssignment assignment;
            if (name == null || name.isBlank()) {
                assignment = TargetAssignment.notConnected(stack, slot);
            } else {
                CatalogTarget target = deps.catalog()
                        .find(name.strip())
                        .orElseThrow(() -> GraphQLRefusal.badInput("unknown target '" + name + "'"
                                + suggestions(deps.catalog().search(name.strip(), 3))));
                assignment = TargetAssignment.known(stack, slot, target.name());
            }
            deps.assignments().setTarget(assignment);
            deps.events().rackChanged();
            return nodes.slot(live, deps.assignments().load());
        }));
    }

    private CompletableFuture<RackNode> reinitialize(DataFetchingEnvironment env) {
        Optional<Long> running = deps.control().currentRun();
        if (running.isPresent()) {
            throw new GraphQLRefusal(
                    GraphQLRefusal.Code.CONFLICT,
                    "run " + running.get() + " is using the rack; reinitialise it when the run has ended");
        }
        return Async.of(executors.file(() -> {
            try {
                deps.control().reinitialize();
            } catch (RackInUseException e) {
                throw new GraphQLRefusal(GraphQLRefusal.Code.CONFLICT, e.getMessage());
            } catch (AssignedRack.NotApplicable e) {
                throw new GraphQLRefusal(
                        GraphQLRefusal.Code.NOT_SUPPORTED,
                        "the " + nodes.backendKind() + " rack cannot take the stored assignment: " + e.getMessage());
            } catch (RackException e) {
                deps.events().rackChanged(); // a failed build is recorded; the rack before is shown again
                throw new GraphQLRefusal(GraphQLRefusal.Code.RACK_FAILED, e.getMessage());
            }
            deps.events().rackChanged();
            return nodes.rack(deps.assignments().load());
        }));
    }

    private static String shape(Rack rack) {
        return "this rack has stacks 0 to " + (rack.stacks().size() - 1) + " with "
                + rack.stacks().stream()
                        .map(s -> Integer.toString(s.slots().size()))
                        .reduce((a, b) -> a + "/" + b)
                        .orElse("0")
                + " slots";
    }

    private static String suggestions(List<String> names) {
        return names.isEmpty()
                ? "; search the catalog with searchTargets"
                : "; did you mean " + String.join(", ", names) + "?";
    }
}
